using System.Globalization;
using Helr.PluginSdk.Events;

namespace Helr.PluginSdk.Declarative;

/// <summary>
/// Keeps the largest value of one event field seen in a cycle. Values compare as numbers when both
/// are numbers (so 10 &gt; 9), otherwise ordinally (right for RFC 3339 timestamps of one format).
/// </summary>
public sealed class FieldTracker
{
    private readonly JsonPath _path;

    /// <summary>Creates a tracker for <paramref name="options"/>.</summary>
    public FieldTracker(TrackedFieldOptions options)
    {
        Options = options;
        _path = JsonPath.Parse(options.EventPath);
    }

    /// <summary>What is tracked.</summary>
    public TrackedFieldOptions Options { get; }

    /// <summary>The largest value seen so far in this cycle, or null.</summary>
    public string? Max { get; private set; }

    /// <summary>Looks at every event of a page.</summary>
    public void Observe(EventBatch events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var value = _path.ReadScalarText(events[i]);
            if (!string.IsNullOrEmpty(value) && (Max is null || Compare(value, Max) > 0)) Max = value;
        }
    }

    /// <summary>Orders two tracked values.</summary>
    public static int Compare(string a, string b)
    {
        if (decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) &&
            decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
            return x.CompareTo(y);
        return string.CompareOrdinal(a, b);
    }
}
