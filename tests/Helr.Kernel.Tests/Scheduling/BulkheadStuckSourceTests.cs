using Helr.Kernel.Tests.Support;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// <c>max_concurrent_sources</c>: a source whose cycle is stuck (its plugin ignores the cancellation past
/// poll_tick_secs + 30 s) kept its slot for ever, so with one slot no other source was polled again. The
/// slot now goes back when the cycle is found stuck.
/// </summary>
public sealed class BulkheadStuckSourceTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_stuck_source_gives_its_slot_back_and_the_other_sources_are_polled_again()
    {
        await using var run = new PluginRun<StuckPlugin>(new StuckPlugin { Only = "s1" },
            sourceKeys: "    resilience:\n      timeouts:\n        poll_tick_secs: 10\n",
            globalKeys: "  bulkhead:\n    max_concurrent_sources: 1\n", schedule: "interval_secs: 60, jitter_secs: 0", "s1", "s2");
        using var shutdown = new CancellationTokenSource();
        var ended = run.Scheduler.RunForeverAsync(shutdown.Token);
        try
        {
            await run.Plugin.Entered.Task.WaitAsync(Hang);
            var before = run.Plugin.OthersCalled;

            // The step budget bounds the wait: with the slot held s2 never cycles again.
            await run.Time.AdvanceUntilAsync(WhenAsync(() => run.Plugin.OthersCalled > before, shutdown.Token), TimeSpan.FromSeconds(1), maxSteps: 300);

            Assert.NotNull(run.Built[0].Stuck.Why);
        }
        finally
        {
            run.Plugin.Release.Set();
            shutdown.Cancel();
            await ended.WaitAsync(Hang);
        }
    }

    // s2's cycles run on the thread pool while the clock moves: looked at between steps, until the test ends.
    private static async Task<bool> WhenAsync(Func<bool> done, CancellationToken testEnded)
    {
        while (!done() && !testEnded.IsCancellationRequested) await Task.Delay(1);
        return done();
    }
}
