namespace Helr.PluginSdk.Events;

/// <summary>
/// The incremental form of <see cref="JsonEventExtractor"/>'s default search: one pass of
/// <see cref="JsonStructureScanner"/> over the body as it arrives (no rescans), keeping the elements of a
/// root array, or of the best-ranked default key's array in a root object.
/// </summary>
internal sealed class JsonEventScanner : IEventScanner
{
    private readonly JsonEventExtractor _owner;
    private readonly EventArrayTracker _tracker = new();
    private readonly JsonStructureScanner _scanner;

    public JsonEventScanner(JsonEventExtractor owner)
    {
        _owner = owner;
        _scanner = new JsonStructureScanner(_tracker);
    }

    // A malformed body found while it is still arriving is reported by Complete, where the caller
    // decides what a parse error means (on_parse_error), not in the middle of the network read.
    private EventFormatException? _failure;

    public void Advance(ReadOnlySpan<byte> bodySoFar)
    {
        if (_failure is not null) return;
        try
        {
            _scanner.Advance(bodySoFar);
        }
        catch (EventFormatException ex)
        {
            _failure = ex;
        }
    }

    public void Complete(ReadOnlySpan<byte> body, List<Range> events)
    {
        if (_failure is not null) throw _failure;
        _scanner.Complete(body);
        if (_tracker.FoundArray) events.AddRange(_tracker.Elements);
        else _owner.AddWholeBody(_tracker.Root, body, events);
    }
}
