using System.Globalization;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;
using Helr.PluginSdk.Time;

namespace Helr.PluginSdk.Paging;

/// <summary>
/// Tracks the largest value of one event field over a traversal (all the pages from a range start to
/// the end of the data, however many cycles it takes). The stored value moves only when the traversal
/// completes: a traversal cut short by <c>max_pages</c>, <c>max_bytes</c> or a cursor reset keeps its
/// running maximum under <see cref="PendingKey"/>, so a newest-first API whose first page holds the
/// newest event cannot move the range start past pages not read yet.
/// <para>
/// With an id path, the tracker also stores under <see cref="IdsKey"/> the ids of the events whose
/// value equals the stored one. Vendors' range filters are inclusive (<c>since</c>, <c>oldest</c>), so
/// those events come back on the next traversal's first request; <see cref="Repeats"/> names them so
/// the cycle can drop them (<see cref="PageStep.Drop"/>), while new events sharing the timestamp go out.
/// </para>
/// </summary>
/// <remarks>
/// Values compare as numbers when both are numbers (so 10 &gt; 9), as instants when both are RFC 3339
/// timestamps (so <c>…:51.5Z</c> &gt; <c>…:51Z</c> and <c>…T10:00:00+02:00</c> &lt; <c>…T09:00:00Z</c>),
/// otherwise ordinally. A stored value that is a timestamp while the events' are numbers (or the other way
/// round) fails <see cref="Observe"/>: ordered as text, it would never move again.
/// </remarks>
public sealed class WatermarkTracker
{
    private readonly DottedPath _path;
    private readonly DottedPath? _idPath;
    private readonly BoundaryIds _storedIds;
    private readonly BoundaryIds _maxIds;
    private bool _pendingStored;
    private bool _kindChecked;

    /// <summary>Reads the stored value and any running maximum of an unfinished traversal from <paramref name="state"/>.</summary>
    public WatermarkTracker(TrackedFieldOptions options, ISourceState state)
        : this(options, state, null)
    {
    }

    /// <summary>
    /// Like <see cref="WatermarkTracker(TrackedFieldOptions, ISourceState)"/>, also keeping the ids (at
    /// <paramref name="idPath"/>, usually <see cref="CycleContext.EventIdPath"/>) of the events at the
    /// stored value, so that <see cref="Repeats"/> can name them when they come back. Null keeps no ids.
    /// </summary>
    public WatermarkTracker(TrackedFieldOptions options, ISourceState state, string? idPath)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(state);
        Options = options;
        _path = DottedPath.Parse(options.EventPath);
        _idPath = string.IsNullOrEmpty(idPath) ? null : DottedPath.Parse(idPath);
        Stored = NullIfEmpty(state.Get(options.StateKey));
        Max = NullIfEmpty(state.Get(PendingKey));
        _pendingStored = Max is not null;
        _storedIds = _idPath is null ? new BoundaryIds() : BoundaryIds.Parse(state.Get(IdsKey));
        _maxIds = _idPath is null ? new BoundaryIds() : BoundaryIds.Parse(state.Get(PendingIdsKey));
    }

    /// <summary>State key of the ids of the events at the stored value: <c>&lt;state key&gt;_ids</c>.</summary>
    public string IdsKey => Options.StateKey + "_ids";

    private string PendingIdsKey => PendingKey + "_ids";

    /// <summary>What is tracked.</summary>
    public TrackedFieldOptions Options { get; }

    /// <summary>State key of the running maximum of an unfinished traversal: <c>&lt;state key&gt;_pending</c>.</summary>
    public string PendingKey => Options.StateKey + "_pending";

    /// <summary>The stored value when the cycle started: the range start of the current traversal, or null.</summary>
    public string? Stored { get; }

    /// <summary>The largest value seen in the current traversal so far (earlier cycles included), or null.</summary>
    public string? Max { get; private set; }

    /// <summary>Looks at every event of a page.</summary>
    public void Observe(EventBatch events)
    {
        ArgumentNullException.ThrowIfNull(events);
        for (var i = 0; i < events.Count; i++)
        {
            var value = _path.ReadScalarText(events[i]);
            if (string.IsNullOrEmpty(value)) continue;
            if (!_kindChecked) CheckKind(value);
            if (Max is null || Compare(value, Max) > 0)
            {
                // A larger value in the same filter step keeps the ids gathered: the step comes back whole.
                if (Max is null || !SameStep(value, Max)) _maxIds.Clear();
                Max = value;
            }
            if (SameStep(value, Max) && _idPath?.ReadScalarText(events[i]) is { Length: > 0 } id) _maxIds.Add(id);
        }
    }

    /// <summary>
    /// The indices of the events of <paramref name="events"/> already written by an earlier traversal:
    /// their value equals the stored one (or falls in its <see cref="TrackedFieldOptions.FilterStep"/>)
    /// and their id is among the stored ids. Empty without an id path.
    /// </summary>
    public IReadOnlyList<int> Repeats(EventBatch events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (_idPath is null || Stored is null || _storedIds.Count == 0) return Array.Empty<int>();
        List<int>? repeats = null;
        for (var i = 0; i < events.Count; i++)
        {
            var value = _path.ReadScalarText(events[i]);
            if (string.IsNullOrEmpty(value) || !SameStep(value, Stored)) continue;
            if (_idPath.ReadScalarText(events[i]) is { } id && _storedIds.Contains(id)) (repeats ??= new List<int>()).Add(i);
        }
        return repeats ?? (IReadOnlyList<int>)Array.Empty<int>();
    }

    // What Observe changes, for a streamed page whose windows turn out not to be written (a parse error
    // under on_parse_error: skip): the page must leave no trace, as a page read whole and skipped.
    internal (string? Max, BoundaryIds Ids) Mark() => (Max, _maxIds.Copy());

    internal void Restore((string? Max, BoundaryIds Ids) mark)
    {
        Max = mark.Max;
        _maxIds.Clear();
        _maxIds.UnionWith(mark.Ids);
    }

    /// <summary>Adds the state to checkpoint while the traversal goes on: the running maximum only.</summary>
    public void AddInProgress(IDictionary<string, string> checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (Max is null) return;
        checkpoint[PendingKey] = Max;
        if (_idPath is not null) checkpoint[PendingIdsKey] = _maxIds.ToJson();
        _pendingStored = true;
    }

    /// <summary>Adds the state to checkpoint when the traversal is complete: the new stored value, the running maximum cleared.</summary>
    public void AddCompleted(IDictionary<string, string> checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var order = Max is null ? -1 : Stored is null ? 1 : Compare(Max, Stored);
        if (order > 0) checkpoint[Options.StateKey] = Max!;
        if (_idPath is not null && Max is not null)
        {
            var sameStep = Stored is not null && SameStep(Max, Stored);
            if (order > 0 && !sameStep) checkpoint[IdsKey] = _maxIds.ToJson();
            else if (sameStep && (order > 0 || _maxIds.Count > 0))
            {
                // Same boundary step again: the ids seen now join those stored (a vendor may return the boundary partly).
                _maxIds.UnionWith(_storedIds);
                checkpoint[IdsKey] = _maxIds.ToJson();
            }
        }
        // Cleared only when something was stored, so sources that finish every traversal in one cycle write no extra key.
        if (_pendingStored)
        {
            checkpoint[PendingKey] = "";
            if (_idPath is not null) checkpoint[PendingIdsKey] = "";
        }
    }

    /// <summary>Orders two tracked values.</summary>
    public static int Compare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        // Checked first: a timestamp is never a number, and the check is cheaper than decimal.TryParse.
        if (Rfc3339.IsTimestamp(a) && Rfc3339.IsTimestamp(b))
        {
            // Text orders timestamps of one layout in UTC (the usual case: one API, one format), and this is
            // run for every event against the running maximum, where parsing both cost about 9 times as much.
            if (a.Length == b.Length && a[10] == b[10] && a[^1] == b[^1] && a[^1] is 'Z' or 'z')
                return string.CompareOrdinal(a, b);
            // A fraction ('.' < 'Z') or an offset mis-orders them as text.
            if (Rfc3339.Parse(a) is { } p && Rfc3339.Parse(b) is { } q) return p.CompareTo(q);
            return string.CompareOrdinal(a, b);
        }
        if (decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) &&
            decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
            return x.CompareTo(y);
        return string.CompareOrdinal(a, b);
    }

    // A stored value of another kind than the events' (a time set by hand where the field holds epoch numbers,
    // or left by a config that tracked another field) orders as text against them: epoch numbers never rise
    // above "2024-…", so the watermark never moved again and every cycle sent the same range start.
    private void CheckKind(string value)
    {
        _kindChecked = true;
        if (Stored is null || KindOf(value) is not { } kind || KindOf(Stored) is not { } stored || kind == stored) return;
        var key = Options.StateKey;
        throw new InvalidOperationException($"the stored {key} '{Stored}' is {stored} but the events' {Options.EventPath} is {kind} ('{value}'): "
            + $"the two cannot be ordered, so {key} would never move again; set one like the events' with `helr state set <source> {key} <value>`, "
            + $"or clear it with `helr state set <source> {key} \"\"`");
    }

    private static string? KindOf(string value) =>
        Rfc3339.IsTimestamp(value) ? "an RFC 3339 timestamp"
        : decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "a number" : null;

    // Whether two values fall in the same step of the vendor's filter (equal, without a step).
    private bool SameStep(string a, string b)
    {
        if (Options.FilterStep is not { } step || step <= 0) return Compare(a, b) == 0;
        if (!decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ||
            !decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
            return Compare(a, b) == 0;
        return decimal.Floor(x / step) == decimal.Floor(y / step);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
