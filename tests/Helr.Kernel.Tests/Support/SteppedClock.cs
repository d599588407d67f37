using System.Collections.Concurrent;

namespace Helr.Kernel.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> whose wall clock (<see cref="GetUtcNow"/>) can be stepped by
/// <see cref="Offset"/>, as NTP or a VM snapshot restore steps a system clock, while its timers and
/// timestamps (the monotonic clock) go on as the fake's own.
/// </summary>
internal sealed class SteppedClock(FakeTimeProvider inner) : TimeProvider
{
    private readonly ConcurrentDictionary<TimeSpan, TaskCompletionSource> _timers = new();

    public TimeSpan Offset { get; set; }

    /// <summary>Completes once a timer due after <paramref name="dueTime"/> has been created.</summary>
    public Task TimerCreated(TimeSpan dueTime) => _timers.GetOrAdd(dueTime, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _timers.GetOrAdd(dueTime, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return inner.CreateTimer(callback, state, dueTime, period);
    }
}
