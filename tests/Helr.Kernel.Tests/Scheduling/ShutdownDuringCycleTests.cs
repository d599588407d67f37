using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Testing;

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
        await using var run = new ScheduledSource(api, TimeSpan.FromHours(1));
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

    [Fact]
    public async Task The_run_does_not_end_while_a_triggered_poll_still_writes_its_page()
    {
        await using var api = await FakeVendorServer.StartAsync();
        // The scheduled cycle finds nothing: the one page written is the triggered poll's.
        api.OnSequence("GET", "/a", FakeResponse.Json("[]"), FakeResponse.Json("""[{"id":"a2"}]"""));
        await using var run = new ScheduledSource(api, TimeSpan.FromHours(1));
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
}
