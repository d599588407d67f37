using System.Collections.Concurrent;

namespace Helr.Kernel.Observability.Status;

/// <summary>
/// The read model behind /healthz, the REST API and the status page: per source, what its cycles
/// did. Fed from one place per cycle outcome (the scheduler's report), so it can later be fed from
/// telemetry events instead without the readers changing.
/// </summary>
internal sealed class SourceStatusBoard(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SourceStatusEntry> _entries = new(StringComparer.Ordinal);

    public TimeProvider Time => time;

    /// <summary>Makes a configured source known before its first cycle (it shows as ok, never polled).</summary>
    public void Register(string sourceId) => _entries.GetOrAdd(sourceId, _ => new SourceStatusEntry());

    /// <summary>A source removed by a reload disappears from every view.</summary>
    public void Remove(string sourceId) => _entries.TryRemove(sourceId, out _);

    /// <summary>Records one finished cycle; a cycle cut short by shutdown or a reload is no outcome.</summary>
    public void Record(string sourceId, CycleReport report) => _entries.GetOrAdd(sourceId, _ => new SourceStatusEntry()).Record(report, time.GetUtcNow());

    /// <summary>
    /// The events of a cycle a stop cut short (no outcome): a source no longer on the board (a reload removed it)
    /// is not put back.
    /// </summary>
    public void Written(string sourceId, long events, DateTimeOffset? newestEventTime)
    {
        if (_entries.TryGetValue(sourceId, out var entry)) entry.Written(events, newestEventTime, time.GetUtcNow());
    }

    public SourceStatusSnapshot? Get(string sourceId) =>
        _entries.TryGetValue(sourceId, out var entry) ? entry.Snapshot(time.GetUtcNow()) : null;

    public IReadOnlyList<string> Ids => _entries.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
}
