using Serilog;

namespace Helr.Kernel.Output;

/// <summary>
/// Whether the output is under load: from the moment the queue is full (or spilling) until it drains
/// below 75 % of its limits. Load shedding waits on it; the first episode is logged, then at most one
/// line a minute. Called only under the output writer's lock.
/// </summary>
internal sealed class OutputLoad(OutputLimits limits, TimeProvider time, ILogger log)
{
    private TaskCompletionSource _cleared = NewSignal();
    private long _reportedAt;
    private int _episodes;

    public bool Active { get; private set; }

    public Task WhenClearedAsync(CancellationToken ct) => Active ? _cleared.Task.WaitAsync(ct) : Task.CompletedTask;

    /// <summary>The disk buffer holds lines of an earlier run: under load until they are written.</summary>
    public void StartActive() => Active = true;

    public void Enter(string why, int lines, long bytes)
    {
        if (Active) return;
        Active = true;
        _cleared = NewSignal();
        _episodes++;
        if (!limits.BackpressureEnabled) return;
        // A small queue can fill and drain many times a second: report the first episode, then at most one line a minute.
        var now = time.GetTimestamp();
        if (_reportedAt != 0 && time.GetElapsedTime(_reportedAt, now) < TimeSpan.FromMinutes(1)) return;
        log.Warning("output under load ({Why}: {Lines} lines, {Bytes} bytes queued; {Episodes} time(s) since the last report); applying {Strategy}",
            why, lines, bytes, _episodes, limits.Describe());
        _reportedAt = now;
        _episodes = 0;
    }

    public void CheckCleared(int lines, long bytes)
    {
        if (!Active) return;
        if (lines >= limits.EventQueueSize * 0.75) return;
        if (limits.QueueBytes > 0 && bytes >= limits.QueueBytes * 0.75) return;
        Active = false;
        _cleared.TrySetResult();
        if (limits.BackpressureEnabled) log.Debug("output load cleared ({Lines} lines queued)", lines);
    }

    /// <summary>Output failed: nobody waits for the load to clear any more.</summary>
    public void Release() => _cleared.TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
