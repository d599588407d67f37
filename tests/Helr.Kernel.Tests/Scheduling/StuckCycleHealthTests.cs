using Helr.Kernel.Api;
using Helr.Kernel.Observability.Telemetry.Events;
using Helr.Kernel.Tests.Support;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// In a continuous run, a plugin whose code blocks after <c>poll_tick_secs</c> (deaf to its token) kept its
/// source from being polled again, for ever, while /healthz said ok and nothing was logged: it is now
/// unhealthy, logged by name and <c>helr_source_stuck</c> 1 from 30 s after the deadline until it returns.
/// </summary>
public sealed class StuckCycleHealthTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_cycle_stuck_past_poll_tick_makes_its_source_unhealthy_logged_and_counted_until_it_returns()
    {
        await using var run = new PluginRun<StuckPlugin>(new StuckPlugin(), "    resilience:\n      timeouts:\n        poll_tick_secs: 60\n");
        var (plugin, time, board, telemetry) = (run.Plugin, run.Time, run.Board, run.Telemetry);
        using var recorded = new RecordedTelemetry(telemetry);
        using var shutdown = new CancellationTokenSource();
        var scheduler = run.Scheduler;
        var ended = scheduler.RunForeverAsync(shutdown.Token);
        try
        {
            await plugin.Entered.Task.WaitAsync(Hang);
            var started = time.GetUtcNow();

            // The step budget bounds the wait: without the watch nothing is ever reported.
            for (var i = 0; i < 200 && recorded.Of<SourceStuck>().Count == 0; i++)
            {
                time.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(1);
            }

            var stuck = Assert.Single(recorded.Of<SourceStuck>());
            Assert.NotNull(stuck.Why);
            Assert.True(time.GetUtcNow() - started >= TimeSpan.FromSeconds(90), "reported before poll_tick_secs + 30 s");
            var health = SourceStatusJson.Build(board.Get("s1")!, scheduler.Runner("s1"), time.GetUtcNow());
            Assert.Equal("unhealthy", (string?)health["status"]);
            Assert.Contains("poll_tick_secs", (string?)health["last_error"]);
            Assert.Equal(1, telemetry.Metrics.Stuck.WithLabels("s1").Value);
            Assert.Contains("\"s1\": stuck:", run.Logs.Text);

            plugin.Release.Set();
            await WaitUntilAsync(() => board.Get("s1")!.Cycles == 1 && recorded.Of<SourceStuck>().Count == 2);
            Assert.Null(recorded.Of<SourceStuck>()[1].Why);
            Assert.Equal(0, telemetry.Metrics.Stuck.WithLabels("s1").Value);
            // The cycle's own outcome is the source's error again.
            Assert.StartsWith("poll tick timed out after 60 s", (string?)SourceStatusJson.Build(board.Get("s1")!, run.Runner, time.GetUtcNow())["last_error"]);
        }
        finally
        {
            plugin.Release.Set();
            shutdown.Cancel();
            await ended.WaitAsync(Hang);
        }
    }

    // The released cycle ends on the thread pool; its outcome is polled here, with a bound.
    private static async Task WaitUntilAsync(Func<bool> done)
    {
        for (var i = 0; i < 3000 && !done(); i++) await Task.Delay(10);
        Assert.True(done(), "the condition did not hold");
    }
}
