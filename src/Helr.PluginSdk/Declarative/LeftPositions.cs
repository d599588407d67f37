using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Declarative;

/// <summary>
/// Positions that another declarative strategy of the source stored (<c>next_url</c>, <c>cursor</c>,
/// <c>offset</c>, each with its <c>&lt;key&gt;_query</c> fingerprint, which marks it as the paging's and not
/// a hook script's or a hand-set one), left behind when the user switched <c>pagination.strategy</c> or
/// removed it. Kept, a link or cursor made for the old config was followed again: by a hook script that
/// resumes at <c>next_url</c> on the next cycle, or by the old strategy once the user switched back, months
/// later, repeating or refusing (an expired cursor) everything since. The cycle's checkpoints clear them.
/// </summary>
internal sealed class LeftPositions
{
    private static readonly (string Key, string MadeBy, PaginationStrategy[] Owners)[] Positions =
    [
        (LinkHeaderCycle.StateKey, "link_header", [PaginationStrategy.LinkHeader]),
        (CursorCycle.StateKey, "cursor", [PaginationStrategy.Cursor]),
        (PageNumberCycle.StateKey, "page_offset or offset", [PaginationStrategy.PageOffset, PaginationStrategy.Offset]),
    ];

    private readonly string[] _keys;

    // Plain loops, not LINQ: LINQ over these value tuples is compiled at run time, on every start's path.
    public LeftPositions(PaginationStrategy? strategy, CycleContext context)
    {
        var keys = new List<string>(0);
        foreach (var (key, madeBy, owners) in Positions)
        {
            if (Owns(owners, strategy) || !IsPagingPosition(context.State, key)) continue;
            keys.Add(key);
            // The value does not go in the message: a stored link may hold a secret in its query.
            context.Log.Warn("the stored {Key} was made by pagination.strategy {MadeBy}, which the source no longer uses: it is not followed, and is cleared; "
                + "the traversal starts from its first request (the stored watermark, else the range start)", key, madeBy);
        }
        _keys = keys.ToArray();
    }

    private static bool Owns(PaginationStrategy[] owners, PaginationStrategy? strategy)
    {
        foreach (var owner in owners)
            if (owner == strategy) return true;
        return false;
    }

    /// <summary>A position the declarative paging stored (it wrote a fingerprint beside it), not one set by a script or by hand.</summary>
    public static bool IsPagingPosition(ISourceState state, string key) =>
        !string.IsNullOrEmpty(state.Get(key)) && !string.IsNullOrEmpty(state.Get(key + "_query"));

    /// <summary>Clears the left positions and their fingerprints in <paramref name="checkpoint"/>.</summary>
    public void Clear(IDictionary<string, string> checkpoint)
    {
        foreach (var key in _keys)
        {
            checkpoint[key] = "";
            checkpoint[key + "_query"] = "";
        }
    }
}
