using System.Collections.Concurrent;
using Helr.Kernel.Observability.Telemetry.Events;

namespace Helr.Kernel.Observability.Telemetry;

/// <summary>
/// Helr's own totals for this run, kept beside the Prometheus series so the end-of-run summary and
/// the progress line do not read numbers back out of the exporter.
/// </summary>
internal sealed class RunCounters
{
    private readonly ConcurrentDictionary<(string Source, string Reason), long> _drops = new();
    private readonly ConcurrentDictionary<string, long> _outputErrors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _tokenRequests = new(StringComparer.Ordinal);

    public void Add(ITelemetryEvent e)
    {
        switch (e)
        {
            case EventsDropped d when d.Count > 0:
                _drops.AddOrUpdate((d.Source, d.Reason), d.Count, (_, n) => n + d.Count);
                break;
            case OutputFailed f:
                _outputErrors.AddOrUpdate(f.Source, 1, (_, n) => n + 1);
                break;
            case TokenRequested t:
                _tokenRequests.AddOrUpdate(t.Source, 1, (_, n) => n + 1);
                break;
        }
    }

    public long Dropped(string source, string reason) => _drops.GetValueOrDefault((source, reason));

    public long OutputErrors(string source) => _outputErrors.GetValueOrDefault(source);

    public long TokenRequests(string source) => _tokenRequests.GetValueOrDefault(source);

    /// <summary>Every (source, reason) pair with drops, in a stable order.</summary>
    public IEnumerable<(string Source, string Reason, long Count)> AllDrops() =>
        _drops.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key.Source, StringComparer.Ordinal).ThenBy(kv => kv.Key.Reason, StringComparer.Ordinal)
            .Select(kv => (kv.Key.Source, kv.Key.Reason, kv.Value));

    /// <summary>Every source with output errors, in a stable order.</summary>
    public IEnumerable<(string Source, long Count)> AllOutputErrors() =>
        _outputErrors.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value));
}
