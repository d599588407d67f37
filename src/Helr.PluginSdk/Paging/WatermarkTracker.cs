using System.Globalization;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Paging;

/// <summary>
/// Tracks the largest value of one event field over a traversal (all the pages from a range start to
/// the end of the data, however many cycles it takes). The stored value moves only when the traversal
/// completes: a traversal cut short by <c>max_pages</c>, <c>max_bytes</c> or a cursor reset keeps its
/// running maximum under <see cref="PendingKey"/>, so a newest-first API whose first page holds the
/// newest event cannot move the range start past pages not read yet.
/// </summary>
/// <remarks>
/// Values compare as numbers when both are numbers (so 10 &gt; 9), otherwise ordinally (right for
/// RFC 3339 timestamps of one format).
/// </remarks>
public sealed class WatermarkTracker
{
    private readonly DottedPath _path;
    private bool _pendingStored;

    /// <summary>Reads the stored value and any running maximum of an unfinished traversal from <paramref name="state"/>.</summary>
    public WatermarkTracker(TrackedFieldOptions options, ISourceState state)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(state);
        Options = options;
        _path = DottedPath.Parse(options.EventPath);
        Stored = NullIfEmpty(state.Get(options.StateKey));
        Max = NullIfEmpty(state.Get(PendingKey));
        _pendingStored = Max is not null;
    }

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
            if (!string.IsNullOrEmpty(value) && (Max is null || Compare(value, Max) > 0)) Max = value;
        }
    }

    /// <summary>Adds the state to checkpoint while the traversal goes on: the running maximum only.</summary>
    public void AddInProgress(IDictionary<string, string> checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (Max is null) return;
        checkpoint[PendingKey] = Max;
        _pendingStored = true;
    }

    /// <summary>Adds the state to checkpoint when the traversal is complete: the new stored value, the running maximum cleared.</summary>
    public void AddCompleted(IDictionary<string, string> checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (Max is not null && (Stored is null || Compare(Max, Stored) > 0)) checkpoint[Options.StateKey] = Max;
        // Cleared only when something was stored, so sources that finish every traversal in one cycle write no extra key.
        if (_pendingStored) checkpoint[PendingKey] = "";
    }

    /// <summary>Orders two tracked values.</summary>
    public static int Compare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) &&
            decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
            return x.CompareTo(y);
        return string.CompareOrdinal(a, b);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
