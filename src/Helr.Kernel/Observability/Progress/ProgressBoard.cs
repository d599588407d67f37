using System.Globalization;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;

namespace Helr.Kernel.Observability.Progress;

/// <summary>
/// One line per source for <c>run --once</c> and <c>test</c> on a terminal: pages, events, events per
/// second, rate-limit waits, and how the cycle ended. Built from telemetry events only.
/// </summary>
internal sealed class ProgressBoard(IReadOnlyList<string> sources, TimeProvider time) : ITelemetryListener
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Row> _rows = sources.ToDictionary(s => s, _ => new Row(), StringComparer.Ordinal);
    private readonly int _width = sources.Count == 0 ? 0 : sources.Max(s => s.Length);

    /// <summary>Raised after a fact changed a row (the console redraws, at most every so often).</summary>
    public event Action? Changed;

    public void On(ITelemetryEvent e)
    {
        lock (_lock)
        {
            if (!_rows.TryGetValue(e.Source, out var row)) return;
            switch (e)
            {
                case PageFetched:
                    row.Started ??= time.GetTimestamp();
                    row.Pages++;
                    break;
                case EventsWritten w:
                    row.Events += w.Count;
                    break;
                case RateLimitWaited:
                    row.Waits++;
                    break;
                case PollFinished p:
                    row.Ended = time.GetTimestamp();
                    row.Outcome = p.Failed ? "failed" : "done";
                    break;
                default:
                    return;
            }
        }
        Changed?.Invoke();
    }

    /// <summary>The lines as they read now, one per source in config order.</summary>
    public IReadOnlyList<string> Lines()
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            return _rows.Select(kv => Format(kv.Key, kv.Value, now)).ToList();
        }
    }

    private string Format(string source, Row row, long now)
    {
        // The monotonic clock: a wall clock stepped back (NTP) made the rate 0, or one stepped forward a fraction of it.
        var seconds = row.Started is { } started ? time.GetElapsedTime(started, row.Ended ?? now).TotalSeconds : 0;
        var rate = seconds > 0 ? row.Events / seconds : 0;
        var waits = row.Waits == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $", {row.Waits} rate-limit wait{(row.Waits == 1 ? "" : "s")}");
        return string.Create(CultureInfo.InvariantCulture,
            $"{source.PadRight(_width)}  {row.Pages,5} pages  {row.Events,9:N0} events  {rate,8:N0}/s{waits}  {row.Outcome ?? (row.Pages == 0 ? "waiting" : "polling")}");
    }

    private sealed class Row
    {
        public long Pages;
        public long Events;
        public long Waits;
        public long? Started; // TimeProvider.GetTimestamp
        public long? Ended;
        public string? Outcome;
    }
}
