using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Declarative;

/// <summary>
/// Says, once per source and tracked field, that a traversal completed with events of which none had
/// the field as a string or number (a typo, or an object such as <c>id</c> for <c>id.time</c>): the
/// stored value then never moves and every cycle reads from the same start again, which nothing else
/// shows. Once, because the cause is the config and would otherwise be logged every cycle.
/// </summary>
internal sealed class UnresolvedFieldWarning
{
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);

    public void Check(WatermarkTracker tracker, string key, int events, CycleContext context)
    {
        if (events == 0 || tracker.Max is not null) return;
        lock (_warned)
        {
            if (!_warned.Add(tracker.Options.StateKey)) return;
        }
        context.Log.Warn("source {SourceId}: {Key} {Field} was found as a string or number on none of the {Count} event(s) of a completed traversal, "
            + "so the stored value does not move and every cycle reads from the same start again; name a field that holds the value "
            + "(a dotted path such as id.time, not an object such as id). Said once", context.SourceId, key, tracker.Options.EventPath, events);
    }
}
