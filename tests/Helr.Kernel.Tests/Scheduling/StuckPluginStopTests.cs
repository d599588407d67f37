using Helr.Kernel.Scheduling;
using Helr.Kernel.Tests.Support;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A plugin whose code blocks and ignores its cancellation token kept a stopped run (SIGTERM) waiting
/// for ever, continuous or <c>--once</c>, without a word about which source: the run now gives up on
/// it <see cref="SourceScheduler.StopGrace"/> after the stop, names it and exits 1.
/// </summary>
public sealed class StuckPluginStopTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    private static PluginRun<StuckPlugin> Run(int? pollTickSecs = null) =>
        new(new StuckPlugin(), pollTickSecs is { } secs ? $"    resilience:\n      timeouts:\n        poll_tick_secs: {secs}\n" : "");

    [Fact]
    public async Task A_continuous_run_stops_without_a_source_whose_plugin_never_returns_and_names_it()
    {
        await using var run = Run();
        using var shutdown = new CancellationTokenSource();
        var ended = run.Scheduler.RunForeverAsync(shutdown.Token);
        await run.Plugin.Entered.Task.WaitAsync(Hang);

        shutdown.Cancel();
        // The step budget bounds the wait: without the grace the run never ends.
        var code = await run.Time.AdvanceUntilAsync(ended, TimeSpan.FromSeconds(1), maxSteps: 120);

        Assert.Equal(1, code);
        Assert.Contains("shutdown: source \"s1\" (type \"stuck\") did not stop within 30 s", run.Logs.Text);
    }

    [Fact]
    public async Task A_one_cycle_run_stops_without_a_source_whose_plugin_never_returns()
    {
        await using var run = Run();
        using var shutdown = new CancellationTokenSource();
        var ended = run.Scheduler.RunOnceAsync(shutdown.Token);
        await run.Plugin.Entered.Task.WaitAsync(Hang);

        shutdown.Cancel();
        var code = await run.Time.AdvanceUntilAsync(ended, TimeSpan.FromSeconds(1), maxSteps: 120);

        Assert.Equal(1, code);
        Assert.Contains("did not stop within 30 s", run.Logs.Text);
    }

    [Fact]
    public async Task A_one_cycle_run_gives_up_on_a_source_stuck_past_its_poll_tick_without_a_stop_and_names_it()
    {
        // A `run --once` from a timer gets no SIGTERM: without this it never ended, and no later run started.
        await using var run = Run(pollTickSecs: 10);
        var ended = run.Scheduler.RunOnceAsync(CancellationToken.None);
        await run.Plugin.Entered.Task.WaitAsync(Hang);

        // The step budget bounds the wait: without the give-up the run never ends.
        var code = await run.Time.AdvanceUntilAsync(ended, TimeSpan.FromSeconds(1), maxSteps: 120);

        Assert.Equal(1, code);
        Assert.Contains("source \"s1\" (type \"stuck\")", run.Logs.Text);
        Assert.Contains("poll_tick_secs", run.Logs.Text);
    }

    [Fact]
    public async Task A_stop_does_not_give_up_before_the_grace()
    {
        await using var run = Run();
        using var shutdown = new CancellationTokenSource();
        var ended = run.Scheduler.RunForeverAsync(shutdown.Token);
        await run.Plugin.Entered.Task.WaitAsync(Hang);

        shutdown.Cancel();
        run.Time.Advance(SourceScheduler.StopGrace - TimeSpan.FromSeconds(1));
        // Bounded: nothing signals that the run still waits.
        await Task.WhenAny(ended, Task.Delay(300));
        Assert.False(ended.IsCompleted, "the run gave up on the source before the grace was over");

        run.Plugin.Release.Set();
        Assert.Equal(0, await ended.WaitAsync(Hang));
    }
}
