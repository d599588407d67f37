using Helr.Kernel.Observability.Telemetry.Events;
using Helr.Kernel.Tests.Support;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A triggered poll (REST <c>POST /api/v1/sources/{id}/poll</c>) waits for the source's cycle to end. A
/// cycle whose plugin never returns held that request for ever, though the source was known to be stuck;
/// it now answers with why, and the lock it did not take stays free for the cycles after.
/// </summary>
public sealed class TriggeredPollStuckTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_poll_waiting_for_a_cycle_found_stuck_answers_why_and_later_polls_still_run()
    {
        await using var run = new PluginRun<StuckPlugin>(new StuckPlugin(), "    resilience:\n      timeouts:\n        poll_tick_secs: 60\n");
        using var recorded = new RecordedTelemetry(run.Telemetry);
        using var shutdown = new CancellationTokenSource();
        var ended = run.Scheduler.RunForeverAsync(shutdown.Token);
        try
        {
            await run.Plugin.Entered.Task.WaitAsync(Hang);
            var waiting = run.Scheduler.PollNowAsync("s1");
            Assert.False(waiting.IsCompleted, "the poll did not wait for the cycle in progress");

            // The step budget bounds the wait: without the fix the poll never answers.
            await run.Time.AdvanceUntilAsync(waiting, TimeSpan.FromSeconds(1), maxSteps: 200);
            Assert.True(waiting.IsCompleted, "the triggered poll still waits for a cycle found stuck");
            Assert.NotEmpty(recorded.Of<SourceStuck>());
            var refused = await waiting;
            Assert.NotNull(refused);
            Assert.Contains("not polled: the source is stuck", refused!.Error!.Message);

            // Asked again while it is still stuck: answered at once.
            var again = await run.Scheduler.PollNowAsync("s1").WaitAsync(Hang);
            Assert.Contains("not polled: the source is stuck", again!.Error!.Message);

            // Once the cycle returns, a poll runs a cycle of its own: the refused ones left the lock free.
            run.Plugin.Release.Set();
            for (var i = 0; i < 3000 && recorded.Of<SourceStuck>().Count < 2; i++) await Task.Delay(10);
            Assert.Null(recorded.Of<SourceStuck>()[^1].Why);
            var after = await run.Scheduler.PollNowAsync("s1").WaitAsync(Hang);
            Assert.Equal("released", after!.Error!.Message);
        }
        finally
        {
            run.Plugin.Release.Set();
            shutdown.Cancel();
            await ended.WaitAsync(Hang);
        }
    }
}
