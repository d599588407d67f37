using Helr.Kernel.State;
using Helr.PluginSdk.Events;

namespace Helr.Kernel.Polling;

/// <summary>
/// A source's dedupe window, persisted: loaded from the state store before the first cycle (and again
/// whenever this instance takes the source's lease), and the ids of written events are handed to the
/// checkpoint of their page, which appends them in the same atomic write. A restart therefore does not
/// re-emit what was written before its last checkpoint.
/// </summary>
/// <remarks>
/// Pages are rendered while earlier pages are still being written, so each checkpoint saves only the
/// ids up to its own page's <see cref="Mark"/>: saving a later page's ids early would make a restart
/// drop events that never reached the output. Checkpoints run on another thread, hence the lock.
/// </remarks>
internal sealed class SourceDedupe(IStateStore store, string sourceId, string idPath, int capacity)
{
    private readonly DottedPath _path = DottedPath.Parse(idPath);
    private readonly object _lock = new();
    private readonly List<string> _unsaved = new();
    private long _firstSeq;
    private DedupeWindow _window = new(capacity);
    private volatile bool _loaded;

    public int Capacity => capacity;

    /// <summary>The position after the last id handed out so far; a page's checkpoint saves up to its mark.</summary>
    public long Mark
    {
        get { lock (_lock) return _firstSeq + _unsaved.Count; }
    }

    public async Task EnsureLoadedAsync(CancellationToken ct)
    {
        if (_loaded) return;
        var window = new DedupeWindow(capacity);
        foreach (var id in await store.GetDedupeIdsAsync(sourceId, capacity, ct)) window.Add(id);
        lock (_lock)
        {
            // Ids written but not yet saved stay known, so a reload never lets them through again.
            foreach (var id in _unsaved) window.Add(id);
            _window = window;
        }
        _loaded = true;
    }

    /// <summary>Another instance may have written to the window: read it again before the next cycle.</summary>
    public void Invalidate() => _loaded = false;

    /// <summary>
    /// Reads the event's id and tells whether it was already written (or appears earlier on the same
    /// page, <paramref name="page"/>). Remembers nothing: ids become "seen" only through
    /// <see cref="Accept"/>, once the output took their page, so a page that fails before that
    /// (a store blip, a lost lease, a poll tick, <c>max_line_bytes_behavior: fail</c>) is not dropped
    /// as duplicates when it is fetched again.
    /// </summary>
    public bool IsDuplicate(ReadOnlySpan<byte> evt, HashSet<string> page, out string? id, string? suppliedId = null)
    {
        // A number is an id too (its literal text): upstream took it for none, so APIs that number their
        // events were never deduplicated while the config said they were.
        id = suppliedId ?? _path.ReadScalarText(evt);
        if (string.IsNullOrEmpty(id)) return false;
        if (page.Contains(id)) return true;
        lock (_lock)
        {
            if (_window.Contains(id)) return true;
        }
        page.Add(id);
        return false;
    }

    /// <summary>The output accepted a page with these ids: they are seen from now on and go with its checkpoint.</summary>
    public void Accept(IReadOnlyList<string> ids)
    {
        if (ids.Count == 0) return;
        lock (_lock)
        {
            foreach (var id in ids)
            {
                if (!_window.Add(id)) continue;
                _unsaved.Add(id);
            }
            // While checkpoints keep failing only the newest ids matter: the window holds no more.
            if (_unsaved.Count > 2 * capacity) Drop(_unsaved.Count - capacity);
        }
    }

    /// <summary>
    /// The ids accepted from <paramref name="mark"/> on did not reach the output after all (a spilled
    /// page's hand-over failed): they are not seen, and the window is read again from the store and the
    /// ids still unsaved before the next cycle.
    /// </summary>
    public void Forget(long mark)
    {
        lock (_lock)
        {
            var keep = Count(mark);
            _unsaved.RemoveRange(keep, _unsaved.Count - keep);
        }
        _loaded = false;
    }

    /// <summary>Unsaved ids handed out before <paramref name="mark"/>.</summary>
    public string[] UnsavedBefore(long mark)
    {
        lock (_lock) return _unsaved.Take(Count(mark)).ToArray();
    }

    /// <summary>The ids before <paramref name="mark"/> were checkpointed.</summary>
    public void SavedUpTo(long mark)
    {
        lock (_lock) Drop(Count(mark));
    }

    private int Count(long mark) => (int)Math.Clamp(mark - _firstSeq, 0, _unsaved.Count);

    private void Drop(int count)
    {
        _unsaved.RemoveRange(0, count);
        _firstSeq += count;
    }
}
