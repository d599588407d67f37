using Helr.Kernel.Scheduling;
using Helr.Kernel.Tests.Support;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A reload restarting (or removing) a source whose plugin blocks, deaf to its cancellation, waited for
/// that cycle for ever: the reload never answered, every later reload queued behind it, and SIGTERM never
/// ended helr (the shutdown waits for the reload under way). The reload now gives up on such a source
/// <see cref="SourceScheduler.StopGrace"/> after cancelling it, names it, and goes on; its old runner
/// (HTTP client, spool files) was then kept for ever: it is disposed once the stuck cycle returns.
/// </summary>
public sealed class ReloadStuckSourceTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    // Restarts the stuck source s1 by a reload; returns once the reload gave up on it.
    private static async Task<ReloadResult> RestartAsync(PluginRun<StuckPlugin> run, ConfigReloader reloader)
    {
        await run.Plugin.Entered.Task.WaitAsync(Hang);
        File.WriteAllText(run.Path, File.ReadAllText(run.Path).Replace("sources:", "  reload:\n    restart_sources_on_sighup: true\nsources:"));
        var reload = Task.Run(() => reloader.ReloadAsync("SIGHUP"));
        // The step budget bounds the wait: without the bound the reload waits for the plugin for ever.
        return await run.Time.AdvanceUntilAsync(reload, TimeSpan.FromSeconds(1), maxSteps: 200);
    }

    [Fact]
    public async Task A_reload_restarting_a_stuck_source_ends_and_so_does_the_shutdown_after_it()
    {
        await using var run = new PluginRun<StuckPlugin>(new StuckPlugin());
        var reloader = run.Reloader();
        using var shutdown = new CancellationTokenSource();
        var ended = run.Scheduler.RunForeverAsync(shutdown.Token);
        try
        {
            var result = await RestartAsync(run, reloader);

            Assert.True(result.Ok, string.Join("; ", result.Errors));
            Assert.Contains("reload: source \"s1\" (type \"stuck\") did not stop within", run.Logs.Text);
            Assert.Equal(2, run.Built.Count);
            Assert.Same(run.Built[1], run.Scheduler.Running.Single());

            shutdown.Cancel();
            await run.Time.AdvanceUntilAsync(ended, TimeSpan.FromSeconds(1), maxSteps: 200);
            await reloader.CloseAsync().WaitAsync(Hang);
        }
        finally
        {
            run.Plugin.Release.Set();
            shutdown.Cancel();
            await ended.WaitAsync(Hang);
        }
    }

    [Fact]
    public async Task The_runner_given_up_on_is_disposed_once_its_stuck_cycle_returns()
    {
        await using var run = new PluginRun<StuckPlugin>(new StuckPlugin());
        var reloader = run.Reloader();
        using var shutdown = new CancellationTokenSource();
        var ended = run.Scheduler.RunForeverAsync(shutdown.Token);
        try
        {
            Assert.True((await RestartAsync(run, reloader)).Ok);
            var givenUp = run.Built[0];
            Assert.False(givenUp.Disposed, "disposed while its cycle still ran");

            run.Plugin.Release.Set();
            // The cycle ends on the thread pool; looked at with a bound.
            for (var i = 0; i < 3000 && !givenUp.Disposed; i++) await Task.Delay(10);

            Assert.True(givenUp.Disposed, "the given-up runner was never disposed");
            Assert.False(run.Built[1].Disposed);
        }
        finally
        {
            run.Plugin.Release.Set();
            shutdown.Cancel();
            await run.Time.AdvanceUntilAsync(ended, TimeSpan.FromSeconds(1), maxSteps: 200);
            await reloader.CloseAsync().WaitAsync(Hang);
        }
    }
}
