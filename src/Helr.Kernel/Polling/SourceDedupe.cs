using Helr.Kernel.State;
using Helr.PluginSdk.Events;

namespace Helr.Kernel.Polling;

/// <summary>
/// A source's dedupe window, persisted: loaded from the state store before the first cycle (and again
/// whenever this instance takes the source's lease), and the ids of written events are handed to the
/// next checkpoint, which appends them in the same atomic write. A restart therefore does not re-emit
/// what was written before its last checkpoint.
/// </summary>
internal sealed class SourceDedupe(IStateStore store, string sourceId, string idPath, int capacity)
{
    private readonly JsonPath _path = JsonPath.Parse(idPath);
    private readonly List<string> _unsaved = new();
    private DedupeWindow _window = new(capacity);
    private volatile bool _loaded;

    public int Capacity => capacity;

    /// <summary>Ids of written events not yet in a successful checkpoint.</summary>
    public IReadOnlyList<string> Unsaved => _unsaved;

    public async Task EnsureLoadedAsync(CancellationToken ct)
    {
        if (_loaded) return;
        var window = new DedupeWindow(capacity);
        foreach (var id in await store.GetDedupeIdsAsync(sourceId, capacity, ct)) window.Add(id);
        // Ids written but not yet saved stay known, so a reload never lets them through again.
        foreach (var id in _unsaved) window.Add(id);
        _window = window;
        _loaded = true;
    }

    /// <summary>Another instance may have written to the window: read it again before the next cycle.</summary>
    public void Invalidate() => _loaded = false;

    /// <summary>True when the event is new (and remembers its id for the window and the next checkpoint).</summary>
    public bool IsNew(ReadOnlySpan<byte> evt)
    {
        var id = _path.ReadString(evt);
        if (!_window.Add(id)) return false;
        if (string.IsNullOrEmpty(id)) return true;
        _unsaved.Add(id);
        // While checkpoints keep failing only the newest ids matter: the window holds no more.
        if (_unsaved.Count > 2 * capacity) _unsaved.RemoveRange(0, _unsaved.Count - capacity);
        return true;
    }

    /// <summary>The first <paramref name="count"/> unsaved ids were checkpointed.</summary>
    public void Saved(int count) => _unsaved.RemoveRange(0, Math.Min(count, _unsaved.Count));
}
