using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;

namespace Helr.Kernel.Polling;

/// <summary>
/// A cycle still running <see cref="Grace"/> after its <c>timeouts.poll_tick_secs</c> fired: its plugin's
/// code blocks and ignores the cancellation (a sync wait on a deadlocked task, a call without a timeout),
/// or the output does not take its page. Nothing can end such a cycle from outside, and the source's
/// loop waits for it, so the source was not polled again, for ever, while it showed as ok. It is now
/// reported from then until the cycle returns: an error log naming the source, <c>helr_source_stuck</c>
/// at 1, and the source unhealthy with this as its last error.
/// </summary>
internal sealed class StuckCycle(string sourceId, TimeProvider time, Telemetry telemetry)
{
    /// <summary>How long after poll_tick_secs fired a cycle may take to end before it counts as stuck.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    private readonly Lock _report = new();
    private volatile string? _why;
    private bool _retired;
    private TaskCompletionSource _found = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _since;

    /// <summary>Why the source is stuck, while it is; null otherwise.</summary>
    public string? Why => _why;

    /// <summary>
    /// Completes when a cycle is next found stuck; once that cycle returns, a new task stands for the next
    /// time. A one-cycle run gives up on the source then (no later cycle would report it, and a run from a
    /// timer gets no stop to end it), and a triggered poll waiting for the source's cycle stops waiting.
    /// </summary>
    public Task Found => Volatile.Read(ref _found).Task;

    /// <summary>When the cycle was found stuck (meaningful while <see cref="Why"/> is set).</summary>
    public DateTimeOffset Since => _since;

    /// <summary>
    /// Runs <paramref name="cycle"/>, reporting it while it outlives the tick's deadline by <see cref="Grace"/>.
    /// The watch starts first: a plugin may block before the cycle's first await, so before any task is returned.
    /// </summary>
    /// <param name="found">Called once if this cycle is found stuck (its bulkhead slot goes back then).</param>
    public async Task<CycleOutcome> WatchAsync(Func<Task<CycleOutcome>> cycle, PollTick tick, Action? found = null)
    {
        if (tick.Seconds is not { } secs) return await cycle();
        using var ended = new CancellationTokenSource();
        var watch = ReportWhenLateAsync(tick.Deadline, secs, found, ended.Token);
        try
        {
            return await cycle();
        }
        finally
        {
            ended.Cancel();
            await watch;
            if (_why is not null)
            {
                _why = null;
                Volatile.Write(ref _found, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                Report(new SourceStuck(sourceId, null));
            }
        }
    }

    /// <summary>
    /// A reload gave up on this runner's cycle and another runner now polls the source (or none does): the
    /// source's stuck series, log lines and health are that runner's. Reported from here, the old cycle set
    /// <c>helr_source_stuck</c> to 1 for a source polled fine, and cleared it when it returned, also while the
    /// new runner was stuck itself. A stuck state already reported goes back to 0 here, as the new runner
    /// starts unstuck (<see cref="HelrMetrics.Touch"/> ran before this cycle was found stuck).
    /// </summary>
    public void Retire()
    {
        lock (_report)
        {
            if (_retired) return;
            _retired = true;
            if (_why is not null) telemetry.Emit(new SourceStuck(sourceId, null, Replaced: true));
        }
    }

    private void Report(SourceStuck stuck)
    {
        lock (_report)
        {
            if (!_retired) telemetry.Emit(stuck);
        }
    }

    private async Task ReportWhenLateAsync(CancellationToken deadline, double secs, Action? found, CancellationToken ended)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(deadline, ended);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, either.Token);
        }
        catch (OperationCanceledException)
        {
            // The deadline fired, or the cycle ended.
        }
        try
        {
            await Task.Delay(Grace, time, ended);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        _since = time.GetUtcNow();
        _why = $"stuck: its cycle has not ended {Grace.TotalSeconds:0} s after timeouts.poll_tick_secs ({secs:0.###} s) fired (its plugin's code does not return "
            + "and ignores its cancellation, or the output does not take its page); the source is not polled until it does";
        Report(new SourceStuck(sourceId, _why));
        found?.Invoke();
        Volatile.Read(ref _found).TrySetResult();
    }
}
