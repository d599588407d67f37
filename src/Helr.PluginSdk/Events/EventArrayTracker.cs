namespace Helr.PluginSdk.Events;

/// <summary>
/// Decides, from the values <see cref="JsonStructureScanner"/> reports near the root, which ranges are
/// events: the elements of a root array, or of the array under the best-ranked default key of a root
/// object (<see cref="JsonEventExtractor.DefaultArrayKeys"/>), else the root value itself.
/// </summary>
internal sealed class EventArrayTracker(List<Range> elements)
{
    private int _elementDepth; // where elements are collected; 0 while none are
    private int _elementStart;
    private bool _rootArray;
    private int _rootStart;
    private int _rootEnd;
    private int _pendingRank = int.MaxValue;
    private int _candidateRank;
    private int _bestRank = int.MaxValue;
    private List<Range> _best = elements;
    private List<Range> _candidate = new();

    /// <summary>The deepest level whose values the tracker needs to hear about (0 is the root value).</summary>
    public int Depth { get; private set; }

    /// <summary>Whether the events are an array's elements rather than the whole root value.</summary>
    public bool FoundArray => _rootArray || _bestRank != int.MaxValue;

    /// <summary>The elements of the chosen array.</summary>
    public List<Range> Elements => _best;

    /// <summary>The range of the root value.</summary>
    public Range Root => new(_rootStart, _rootEnd);

    /// <summary>A value at <paramref name="depth"/> (containers open around it) begins with <paramref name="first"/>.</summary>
    public void ValueStart(int depth, int offset, byte first)
    {
        if (depth == 0)
        {
            _rootStart = offset;
            _rootArray = first == '[';
            _elementDepth = _rootArray ? 1 : 0;
            Depth = _rootArray ? 1 : first == '{' ? 2 : 0;
        }
        else if (depth == _elementDepth)
        {
            _elementStart = offset;
        }
        else if (depth == 1 && first == '[' && _pendingRank < _bestRank)
        {
            if (_committed) throw StreamedArrayReplaced(offset);
            // A better-ranked key's array: collected aside, it replaces the best only once it is complete.
            _candidate.Clear();
            _candidateRank = _pendingRank;
            _elementDepth = 2;
        }
    }

    /// <summary>The value at <paramref name="depth"/> that began last ends before <paramref name="end"/>.</summary>
    public void ValueEnd(int depth, int end)
    {
        if (depth == 0)
        {
            _rootEnd = end;
        }
        else if (depth == _elementDepth)
        {
            (_rootArray ? _best : _candidate).Add(new Range(_elementStart, end));
        }
        else if (depth == 1 && _elementDepth == 2)
        {
            (_best, _candidate) = (_candidate, _best);
            _bestRank = _candidateRank;
            _elementDepth = 0;
        }
    }

    // Set once events were handed out before the body was whole (TakeFinal): the array they came from
    // must stay the events array.
    private bool _committed;

    /// <summary>
    /// Moves the events found so far whose array cannot be replaced any more into
    /// <paramref name="events"/>: a root array's elements, or those of the events key's array once it
    /// is the one being read or kept. Handing out a key's array commits to it: a better-ranked events
    /// key after it is then an error (<see cref="StreamedArrayReplaced"/>), since what was handed out
    /// cannot be taken back.
    /// </summary>
    public void TakeFinal(List<Range> events)
    {
        List<Range> from;
        if (_rootArray || (_committed && _elementDepth == 0)) from = _best;
        else if (_elementDepth == 2)
        {
            from = _candidate;
            if (from.Count == 0) return;
            // The array this one would replace is no longer needed: it is replaced or the body is malformed.
            _best.Clear();
        }
        else return;
        if (from.Count == 0) return;
        _committed = true;
        events.AddRange(from);
        from.Clear();
    }

    /// <summary>The first <paramref name="count"/> bytes are dropped; offsets still held move with them.</summary>
    public void Rebase(int count)
    {
        _elementStart -= count;
        _rootStart -= count;
        _rootEnd -= count;
        Shift(_best, count);
        Shift(_candidate, count);
    }

    private static void Shift(List<Range> ranges, int count)
    {
        for (var i = 0; i < ranges.Count; i++) ranges[i] = new Range(ranges[i].Start.Value - count, ranges[i].End.Value - count);
    }

    private static EventFormatException StreamedArrayReplaced(int offset) => new(
        $"response has another events array at byte {offset}, under a key ranked before the one whose events were already handed on "
        + $"(keys in order: {string.Join(", ", JsonEventExtractor.DefaultArrayKeys)}); set response_events_path to name the array");

    /// <summary>A property of the root object is named <paramref name="rawName"/> (as written, unquoted).</summary>
    public void Key(ReadOnlySpan<byte> rawName) => _pendingRank = JsonEventExtractor.KeyRank(rawName, _bestRank);
}
