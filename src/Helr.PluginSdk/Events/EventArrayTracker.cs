namespace Helr.PluginSdk.Events;

/// <summary>
/// Decides, from the values <see cref="JsonStructureScanner"/> reports near the root, which ranges are
/// events: the elements of a root array, or of the array under the best-ranked default key of a root
/// object (<see cref="JsonEventExtractor.DefaultArrayKeys"/>), else the root value itself.
/// </summary>
internal sealed class EventArrayTracker
{
    private int _elementDepth; // where elements are collected; 0 while none are
    private int _elementStart;
    private bool _rootArray;
    private int _rootStart;
    private int _rootEnd;
    private int _pendingRank = int.MaxValue;
    private int _candidateRank;
    private int _bestRank = int.MaxValue;
    private List<Range> _best = new();
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

    /// <summary>A property of the root object is named <paramref name="rawName"/> (as written, unquoted).</summary>
    public void Key(ReadOnlySpan<byte> rawName) => _pendingRank = JsonEventExtractor.KeyRank(rawName, _bestRank);
}
