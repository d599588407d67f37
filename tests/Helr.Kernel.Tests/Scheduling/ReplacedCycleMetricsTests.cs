using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;
using Helr.Kernel.Tests.Support;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A reload that restarts a source whose cycle does not stop gives up on that cycle after a minute and polls the
/// source with a new runner. When the old cycle returned at last, its end was counted as the source's poll:
/// a failed one moved <c>helr_errors_total{kind="poll"}</c> (what the polls-failing alert watches) and its whole
/// hang went into <c>helr_poll_duration_seconds</c>, on the series of a source the new runner polled fine.
/// </summary>
public sealed class ReplacedCycleMetricsTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_late_end_of_a_cycle_given_up_on_is_not_counted_as_the_sources_poll()
    {
        await using var run = new PluginRun<StuckPlugin>(new StuckPlugin { Only = "s1", Once = true }, globalKeys: "  metrics:\n    enabled: true\n    port: 0\n");
        var reloader = run.Reloader();
        using var shutdown = new CancellationTokenSource();
        var ended = run.Scheduler.RunForeverAsync(shutdown.Token);
        try
        {
            await run.Plugin.Entered.Task.WaitAsync(Hang);
            var old = run.Runner;
            // Until the old cycle is released, every poll of s1 that ends is the new runner's.
            var polled = new PollWatch("s1");
            using var watching = run.Telemetry.Subscribe(polled);
            File.WriteAllText(run.Path, "global:\n  state:\n    backend: memory\n  metrics:\n    enabled: true\n    port: 0\nsources:\n  s1:\n    type: stuck\n"
                + "    schedule: { interval_secs: 3600 }\n    resilience:\n      timeouts:\n        poll_tick_secs: 900\n");
            var reload = Task.Run(() => reloader.ReloadAsync("SIGHUP"));
            var result = await run.Time.AdvanceUntilAsync(reload, TimeSpan.FromSeconds(1), maxSteps: 200);
            Assert.True(result.Ok, string.Join("; ", result.Errors));
            Assert.Contains("reload: source \"s1\" (type \"stuck\") did not stop within", run.Logs.Text);
            await run.Time.AdvanceUntilAsync(polled.First.Task.ContinueWith(_ => true, TaskScheduler.Default), TimeSpan.FromSeconds(1), maxSteps: 200);
            var errors = run.Telemetry.Metrics.Errors.WithLabels("s1", "poll").Value;
            var polls = run.Telemetry.Metrics.PollDuration.WithLabels("s1").Count;

            run.Plugin.Release.Set();
            // The given-up runner is disposed once its cycle has returned; looked at with a bound.
            for (var i = 0; i < 3000 && !old.Disposed; i++) await Task.Delay(10);
            Assert.True(old.Disposed, "the given-up cycle never returned");

            Assert.Equal(errors, run.Telemetry.Metrics.Errors.WithLabels("s1", "poll").Value);
            Assert.Equal(polls, run.Telemetry.Metrics.PollDuration.WithLabels("s1").Count);
        }
        finally
        {
            run.Plugin.Release.Set();
            shutdown.Cancel();
            await run.Time.AdvanceUntilAsync(ended, TimeSpan.FromSeconds(1), maxSteps: 200);
            await reloader.CloseAsync().WaitAsync(Hang);
        }
    }

    private sealed class PollWatch(string source) : ITelemetryListener
    {
        public TaskCompletionSource First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void On(ITelemetryEvent e)
        {
            if (e is PollFinished && e.Source == source) First.TrySetResult();
        }
    }
}
