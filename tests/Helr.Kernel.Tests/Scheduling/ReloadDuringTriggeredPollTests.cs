using Helr.Kernel.Output;
using Helr.Kernel.Polling;
using Helr.Kernel.Scheduling;
using Helr.Kernel.State;
using Helr.Kernel.State.Leases;
using Helr.Kernel.Tests.Output;
using Helr.Kernel.Tests.State;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A reload that stops a source also waits for a poll triggered through the API (POST /sources/{id}/poll)
/// that is in flight: its page is checkpointed before the lease goes back, and the poll is not left
/// running on a loop disposed under it.
/// </summary>
public sealed class ReloadDuringTriggeredPollTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    // timeout_secs: a vendor that keeps a request waiting outlasts the drain grace instead of timing out first.
    private static string Config(FakeVendorServer api) => $"""
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
            resilience:
              timeout_secs: 3600
        """;

    [Fact]
    public async Task A_removed_source_gives_its_lease_back_only_after_the_triggered_poll_checkpointed_its_page()
    {
        await using var api = await FakeVendorServer.StartAsync();
        // The scheduled cycle finds nothing: the one page written is the triggered poll's.
        api.OnSequence("GET", "/a", FakeResponse.Json("[]"), FakeResponse.Json("""[{"id":"a2"}]"""));
        using var file = new ConfigFile();
        var loaded = file.Load(Config(api));
        var time = new FakeTimeProvider();
        var leaseStore = new MemoryLeaseStore();
        await using var leases = new SourceLeases(leaseStore, TimeSpan.FromSeconds(30), pollWhenUnreachable: false, sources: 1, time, Logger.None);
        var state = new MemoryStateStore();
        var stream = new GatedStream();
        await using var writer = new OutputWriter(new StreamSink(stream, "test"), new OutputLimits(), null, time, Logger.None);
        var runner = SourceComposition.Build(loaded.Sources[0], loaded.Config.Global, new LeaseFencedStateStore(state, leases), writer, time, Logger.None);
        var scheduler = new SourceScheduler([runner], time, Logger.None, gate: new LeaseGate(leases, time));
        using var shutdown = new CancellationTokenSource();
        var run = scheduler.RunForeverAsync(shutdown.Token);
        try
        {
            // Asked for during the scheduled cycle, the poll runs right after it, while the loop waits for its next turn.
            await api.WaitForRequestsAsync(1, Hang);
            var poll = scheduler.PollNowAsync("a");
            await stream.FirstWrite.Task.WaitAsync(Hang);

            // Held only so that ReleaseReached tells when the lease goes back.
            var letRelease = leaseStore.HoldNextRelease();
            var removed = RemoveAsync(scheduler, "a");
            // Bounded: with the fix the removal waits on the poll's cycle lock, and nothing signals that it waits there.
            await Task.WhenAny(leaseStore.ReleaseReached.Task, Task.Delay(500));
            Assert.False(leaseStore.ReleaseReached.Task.IsCompleted, "the lease went back while the triggered poll's page was being written");

            stream.Release.Set();
            letRelease.SetResult();
            Assert.Null((await poll)!.Error);
            await removed;
            Assert.Contains("\"a2\"", stream.Text());
            // Written but not checkpointed, the page would be emitted again by the instance that takes the source over.
            Assert.Contains("a2", await state.GetDedupeIdsAsync("a", 10));
            Assert.Null(leaseStore.HolderOf("a"));
            shutdown.Cancel();
            await run;
        }
        finally
        {
            stream.Release.Set(); // a failed assertion must not leave the writer stuck in the stalled stream
        }
    }

    [Fact]
    public async Task A_triggered_poll_of_a_source_stopped_meanwhile_ends_with_an_outcome()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        api.OnGet("/a", _ => Interlocked.Increment(ref calls) == 1
            ? FakeResponse.Json("[]")
            : FakeResponse.Streamed(async (body, ct) =>
            {
                await answer.Task.WaitAsync(ct);
                await body.WriteAsync("""[{"id":"a2"}]"""u8.ToArray(), ct);
            }));
        using var file = new ConfigFile();
        var loaded = file.Load(Config(api));
        var time = new FakeTimeProvider();
        await using var writer = new OutputWriter(new StreamSink(new MemoryStream(), "test"), new OutputLimits(), null, time, Logger.None);
        var runner = SourceComposition.Build(loaded.Sources[0], loaded.Config.Global, new MemoryStateStore(), writer, time, Logger.None);
        var scheduler = new SourceScheduler([runner], time, Logger.None);
        using var shutdown = new CancellationTokenSource();
        var run = scheduler.RunForeverAsync(shutdown.Token);
        await api.WaitForRequestsAsync(1, Hang);
        var poll = scheduler.PollNowAsync("a");
        await api.WaitForRequestsAsync(2, Hang);

        // The vendor keeps the poll's page past the drain grace: the stop cuts the poll off, then disposes the loop.
        (await time.AdvanceUntilAsync(scheduler.StopAsync("a"), TimeSpan.FromSeconds(1)))?.Dispose();
        answer.SetResult();
        // Stepped: a poll left running on the disposed runner waits out its retries on this clock.
        var outcome = await time.AdvanceUntilAsync(poll, TimeSpan.FromSeconds(1));

        Assert.NotNull(outcome);
        Assert.IsAssignableFrom<OperationCanceledException>(outcome.Error);
        shutdown.Cancel();
        await run;
    }

    // What ConfigReloader does with a source the new config no longer has.
    private static async Task RemoveAsync(SourceScheduler scheduler, string sourceId)
    {
        (await scheduler.StopAsync(sourceId))?.Dispose();
        await scheduler.ReleaseLeaseAsync(sourceId);
    }
}
