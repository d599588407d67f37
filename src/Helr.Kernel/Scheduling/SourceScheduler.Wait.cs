using Helr.Kernel.Polling;

namespace Helr.Kernel.Scheduling;

// The wait between two cycles of a source.
internal sealed partial class SourceScheduler
{
    /// <summary>
    /// interval_secs ± jitter_secs after the cycle, times <c>reduced_frequency_multiplier</c> while the
    /// state store is down. A multiplied wait wakes every plain interval to look again, so once the
    /// store answers the source polls an interval after its last cycle, not at the end of a wait begun
    /// during the outage (up to 1000 intervals with the largest multiplier). <paramref name="from"/>: when
    /// the cycle ended, if not just now (a source restarted by a reload keeps its schedule).
    /// </summary>
    private async Task WaitForNextCycleAsync(SourceRunner runner, CancellationToken ct, long? from = null)
    {
        var s = runner.Settings;
        var jitter = s.JitterSecs > 0 ? (Random.Shared.NextDouble() * 2 - 1) * s.JitterSecs : 0;
        TimeSpan Wait(double scale) => LongTimer.Seconds(Math.Max(1, s.IntervalSecs * scale + jitter));
        var plain = Wait(1);
        // Monotonic: a wall clock stepped back (NTP, a VM snapshot, a date fixed by hand) made every source
        // wait its interval plus the whole step.
        var since = from ?? time.GetTimestamp();
        while (true)
        {
            var scale = intervalScale?.Invoke() ?? 1;
            var left = Wait(scale) - time.GetElapsedTime(since);
            if (left < LongTimer.Resolution) return;
            // Not Task.Delay: it throws for a wait over 49.7 days, and the source's loop would end with it.
            await LongTimer.DelayAsync(scale > 1 && left > plain ? plain : left, time, ct);
        }
    }
}
