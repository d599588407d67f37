namespace Helr.Kernel.Polling;

/// <summary>
/// Waits and deadlines of any length. A .NET timer holds at most about 49.7 days (Task.Delay and
/// CancellationTokenSource refuse longer ones with an exception), while <c>interval_secs</c> has no upper
/// bound, <c>reduced_frequency_multiplier</c> multiplies it by up to 1000 during a store outage, and
/// <c>timeouts.poll_tick_secs</c> allows a year. Longer spans are waited in parts, each measured from
/// the due time, so the whole wait ends when it is due.
/// </summary>
internal static class LongTimer
{
    // Well below the timer's limit (uint.MaxValue - 1 ms).
    internal static readonly TimeSpan Part = TimeSpan.FromDays(30);

    // What a timer can wait: whole milliseconds. Less than this left counts as due, since a delay
    // rounded down to 0 ms ends at once, on a clock that has not moved: the loop would spin.
    internal static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(1);

    // Longer than any run: keeps the due time representable (interval_secs is unbounded).
    private static readonly TimeSpan Longest = TimeSpan.FromDays(36_500);

    /// <summary>A wait of <paramref name="seconds"/>, capped at 100 years.</summary>
    public static TimeSpan Seconds(double seconds) => seconds >= Longest.TotalSeconds ? Longest : TimeSpan.FromSeconds(seconds);

    public static async Task DelayAsync(TimeSpan delay, TimeProvider time, CancellationToken ct)
    {
        if (delay <= Part)
        {
            await Task.Delay(delay, time, ct);
            return;
        }
        // Measured on the monotonic clock: a wall clock stepped back would lengthen the wait by the step.
        var from = time.GetTimestamp();
        for (var left = delay; left >= Resolution; left = delay - time.GetElapsedTime(from))
            await Task.Delay(left < Part ? left : Part, time, ct);
    }

    /// <summary>A token cancelled after <paramref name="delay"/>; dispose it to stop its timer.</summary>
    public static Deadline After(TimeSpan delay, TimeProvider time) => new(delay, time);

    internal sealed class Deadline : IDisposable
    {
        private readonly CancellationTokenSource _cts;
        private readonly ITimer? _timer;
        private readonly TimeSpan _delay;
        private readonly long _from;
        private readonly TimeProvider _time;

        public Deadline(TimeSpan delay, TimeProvider time)
        {
            _time = time;
            if (delay <= Part)
            {
                _cts = new CancellationTokenSource(delay, time);
                return;
            }
            _cts = new CancellationTokenSource();
            _delay = delay;
            _from = time.GetTimestamp();
            _timer = time.CreateTimer(_ => Fire(), null, Part, Timeout.InfiniteTimeSpan);
        }

        public CancellationToken Token => _cts.Token;

        public bool IsCancellationRequested => _cts.IsCancellationRequested;

        private void Fire()
        {
            var left = _delay - _time.GetElapsedTime(_from);
            try
            {
                if (left >= Resolution) _timer!.Change(left < Part ? left : Part, Timeout.InfiniteTimeSpan);
                else _cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Disposed meanwhile: the cycle it bounded has ended.
            }
        }

        public void Dispose()
        {
            _timer?.Dispose();
            _cts.Dispose();
        }
    }
}
