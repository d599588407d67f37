using Helr.Kernel.Output;
using Helr.Kernel.Polling;
using Helr.Kernel.Scheduling;
using Helr.Kernel.State;
using Helr.Kernel.Tests.Output;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// SIGTERM while a cycle runs outside the running loops (a source a reload is stopping, a poll triggered
/// through the API): the run ends only once that cycle has ended, its written page checkpointed. As soon
/// as RunForeverAsync returns, RunPipeline completes the output and gives every lease back.
/// </summary>
public sealed class ShutdownDuringCycleTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_run_does_not_end_while_a_source_a_reload_is_stopping_still_writes_its_page()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("""[{"id":"a1"}]"""));
        await using var run = new Run(api);
        try
        {
            await run.Stream.FirstWrite.Task.WaitAsync(Hang);
            var stop = run.Scheduler.StopAsync("a");
            var ended = run.Shutdown();
            // Bounded: with the fix the run waits for the page the stream holds, and nothing signals that it waits.
            await Task.WhenAny(ended, Task.Delay(500));
            Assert.False(ended.IsCompleted, "the run ended while the stopping source's page was being written");

            run.Stream.Release.Set();
            await ended;
            Assert.Contains("a1", await run.State.GetDedupeIdsAsync("a", 10));
            (await stop)?.Dispose();
        }
        finally
        {
            run.Stream.Release.Set(); // a failed assertion must not leave the writer stuck in the stalled stream
        }
    }

    [Fact]
    public async Task The_run_does_not_end_while_a_triggered_poll_still_writes_its_page()
    {
        await using var api = await FakeVendorServer.StartAsync();
        // The scheduled cycle finds nothing: the one page written is the triggered poll's.
        api.OnSequence("GET", "/a", FakeResponse.Json("[]"), FakeResponse.Json("""[{"id":"a2"}]"""));
        await using var run = new Run(api);
        try
        {
            // Asked for during the scheduled cycle, the poll runs right after it, while the loop waits for its next turn.
            await api.WaitForRequestsAsync(1, Hang);
            var poll = run.Scheduler.PollNowAsync("a");
            await run.Stream.FirstWrite.Task.WaitAsync(Hang);
            var ended = run.Shutdown();
            // Bounded: with the fix the run waits for the page the stream holds, and nothing signals that it waits.
            await Task.WhenAny(ended, Task.Delay(500));
            Assert.False(ended.IsCompleted, "the run ended while the triggered poll's page was being written");

            run.Stream.Release.Set();
            await ended;
            Assert.Contains("a2", await run.State.GetDedupeIdsAsync("a", 10));
            await poll;
        }
        finally
        {
            run.Stream.Release.Set(); // a failed assertion must not leave the writer stuck in the stalled stream
        }
    }

    // One source "a" polled continuously (its next turn an hour away on a clock that does not move), into a held output.
    private sealed class Run : IAsyncDisposable
    {
        private readonly ConfigFile _file = new();
        private readonly OutputWriter _writer;
        private readonly CancellationTokenSource _shutdown = new();
        private readonly Task<int> _run;

        public Run(FakeVendorServer api)
        {
            var loaded = _file.Load($"""
                global:
                  state:
                    backend: memory
                sources:
                  a:
                    url: {api.Url("/a")}
                    schedule:
                      interval_secs: 3600
                    dedupe:
                      id_path: id
                """);
            var time = new FakeTimeProvider();
            _writer = new OutputWriter(new StreamSink(Stream, "test"), new OutputLimits(), null, time, Logger.None);
            var runner = SourceComposition.Build(loaded.Sources[0], loaded.Config.Global, State, _writer, time, Logger.None);
            Scheduler = new SourceScheduler([runner], time, Logger.None);
            _run = Scheduler.RunForeverAsync(_shutdown.Token);
        }

        public GatedStream Stream { get; } = new();

        public MemoryStateStore State { get; } = new();

        public SourceScheduler Scheduler { get; }

        /// <summary>SIGTERM: the task is RunForeverAsync's.</summary>
        public Task<int> Shutdown()
        {
            _shutdown.Cancel();
            return _run;
        }

        public async ValueTask DisposeAsync()
        {
            Stream.Release.Set();
            _shutdown.Cancel();
            await _writer.DisposeAsync();
            _shutdown.Dispose();
            _file.Dispose();
        }
    }
}
