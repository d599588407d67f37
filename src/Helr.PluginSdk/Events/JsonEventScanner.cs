namespace Helr.PluginSdk.Events;

/// <summary>
/// The incremental form of <see cref="JsonEventExtractor"/>'s default search: one pass of
/// <see cref="JsonStructureScanner"/> over the body as it arrives (no rescans), keeping the elements of a
/// root array, or of the best-ranked default key's array in a root object.
/// </summary>
internal sealed class JsonEventScanner : IEventScanner
{
    private readonly JsonEventExtractor _owner;
    private readonly EventArrayTracker _tracker;
    private readonly JsonStructureScanner _scanner;

    public JsonEventScanner(JsonEventExtractor owner)
    {
        _owner = owner;
        _tracker = new EventArrayTracker(owner.RentRanges());
        _scanner = new JsonStructureScanner(_tracker);
    }

    // A malformed body found while it is still arriving is reported by Complete, where the caller
    // decides what a parse error means (on_parse_error), not in the middle of the network read.
    private EventFormatException? _failure;

    // Bytes the caller dropped (Rebase): added back to the offsets messages name.
    private long _dropped;

    public void Advance(ReadOnlySpan<byte> bodySoFar)
    {
        if (_failure is not null) return;
        try
        {
            _scanner.Advance(bodySoFar);
        }
        catch (EventFormatException ex)
        {
            _failure = DroppedBytesCounted(ex);
        }
    }

    public void Complete(ReadOnlySpan<byte> body, List<Range> events)
    {
        if (_failure is not null) throw _failure;
        try
        {
            _scanner.Complete(body);
        }
        catch (EventFormatException ex) when (_dropped > 0)
        {
            throw DroppedBytesCounted(ex);
        }
        if (_tracker.FoundArray) events.AddRange(_tracker.Elements);
        else _owner.AddWholeBody(_tracker.Root, body, events);
        // The scan is over (it cannot be resumed): the next page's scan grows from this list's capacity.
        _returned = true;
        _owner.ReturnRanges(_tracker.Elements);
    }

    // Set once the element list went back to the extractor: it may be another scan's by now.
    private bool _returned;

    public bool CanWindow => true;

    public void TakeFinal(List<Range> events)
    {
        // A body streamed is known bad as soon as the scan is: the rest need not be read.
        if (_failure is not null) throw _failure;
        if (_returned) throw new InvalidOperationException("this scan has ended");
        _tracker.TakeFinal(events);
    }

    public int NeededFrom => _scanner.NeededFrom;

    public void Rebase(int count)
    {
        _scanner.Rebase(count);
        _tracker.Rebase(count);
        _dropped += count;
    }

    private EventFormatException DroppedBytesCounted(EventFormatException ex) =>
        _dropped == 0 ? ex : new EventFormatException(ByteOffset.Replace(ex.Message, m => "at byte " + (long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + _dropped).ToString(System.Globalization.CultureInfo.InvariantCulture)), ex);

    private static readonly System.Text.RegularExpressions.Regex ByteOffset = new("at byte ([0-9]+)");
}
