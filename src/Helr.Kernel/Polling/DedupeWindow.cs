namespace Helr.Kernel.Polling;

/// <summary>
/// The last <c>capacity</c> event ids of a source (oldest evicted first). Events whose id is missing
/// or not a string are always treated as new, so dedupe can never drop an event it cannot identify.
/// </summary>
internal sealed class DedupeWindow(int capacity)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>True when the id is remembered (a missing id never is).</summary>
    public bool Contains(string? id) => !string.IsNullOrEmpty(id) && _seen.Contains(id);

    /// <summary>True when the id is new (and remembers it); false for a duplicate.</summary>
    public bool Add(string? id)
    {
        if (string.IsNullOrEmpty(id)) return true;
        if (!_seen.Add(id)) return false;
        _order.Enqueue(id);
        if (_order.Count > capacity) _seen.Remove(_order.Dequeue());
        return true;
    }
}
