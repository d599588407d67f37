using Helr.Kernel.Api;
using Helr.Kernel.Tests.Support;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A reload that restarts a source whose cycle does not stop gives up on that cycle after a minute and starts
/// a new runner beside it. The old cycle's stuck watch still reported on the source's series: found stuck after
/// the new runner was built, it set <c>helr_source_stuck</c> to 1 and logged the source as not polled, while
/// the new runner polled it and /healthz said so; when the old cycle returned, it cleared the series whatever
/// the new runner's own state.
/// </summary>
public sealed class RestartedStuckSourceTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    // 10 s: the old cycle is found stuck while the reload waits for it; 300 s: after the new runner has started.
    [Theory]
    [InlineData(10)]
    [InlineData(300)]
    public async Task The_old_cycle_of_a_restarted_source_does_not_report_the_new_runner_stuck(int pollTickSecs)
    {
        await using var run = new PluginRun<StuckPlugin>(new StuckPlugin { Only = "s1", Once = true }, TickKeys(pollTickSecs),
            globalKeys: "  metrics:\n    enabled: true\n    port: 0\n");
        var reloader = run.Reloader();
        using var shutdown = new CancellationTokenSource();
        var ended = run.Scheduler.RunForeverAsync(shutdown.Token);
        try
        {
            await run.Plugin.Entered.Task.WaitAsync(Hang);
            var old = run.Runner;
            File.WriteAllText(run.Path, "global:\n  state:\n    backend: memory\n  metrics:\n    enabled: true\n    port: 0\nsources:\n  s1:\n    type: stuck\n"
                + "    schedule: { interval_secs: 3600 }\n" + TickKeys(pollTickSecs + 1));
            var reload = Task.Run(() => reloader.ReloadAsync("SIGHUP"));
            var result = await run.Time.AdvanceUntilAsync(reload, TimeSpan.FromSeconds(1), maxSteps: 200);
            Assert.True(result.Ok, string.Join("; ", result.Errors));
            Assert.Contains("reload: source \"s1\" (type \"stuck\") did not stop within", run.Logs.Text);
            Assert.NotSame(old, run.Scheduler.Runner("s1"));

            // The old cycle's watch finds it stuck on the fake clock (poll_tick_secs + 30 s after it began).
            await run.Time.AdvanceUntilAsync(old.Stuck.Found.ContinueWith(_ => true, TaskScheduler.Default), TimeSpan.FromSeconds(1), maxSteps: 400);

            Assert.Equal(0, run.Telemetry.Metrics.Stuck.WithLabels("s1").Value);
            // Found while the reload still waited for it, the old cycle was the source's and is logged; not after.
            var text = run.Logs.Text;
            Assert.DoesNotContain("\"s1\": stuck:", text[text.IndexOf("did not stop within", StringComparison.Ordinal)..]);
            var health = SourceStatusJson.Build(run.Board.Get("s1")!, run.Scheduler.Runner("s1"), run.Time.GetUtcNow());
            Assert.NotEqual("unhealthy", (string?)health["status"]);

            run.Plugin.Release.Set();
            // The given-up runner is disposed once its cycle has returned; looked at with a bound.
            for (var i = 0; i < 3000 && !old.Disposed; i++) await Task.Delay(10);
            Assert.True(old.Disposed, "the given-up cycle never returned");
            Assert.DoesNotContain("its stuck cycle has ended", run.Logs.Text);
            Assert.Equal(0, run.Telemetry.Metrics.Stuck.WithLabels("s1").Value);
        }
        finally
        {
            run.Plugin.Release.Set();
            shutdown.Cancel();
            await run.Time.AdvanceUntilAsync(ended, TimeSpan.FromSeconds(1), maxSteps: 200);
            await reloader.CloseAsync().WaitAsync(Hang);
        }
    }

    private static string TickKeys(int secs) => $"    resilience:\n      timeouts:\n        poll_tick_secs: {secs}\n";
}
