using Helr.Kernel.Config;

namespace Helr.Kernel.Scheduling;

/// <summary>
/// What a reload does to each source: start the added, stop the removed, restart the changed (from
/// their stored state), leave the unchanged alone; <c>reload.restart_sources_on_sighup</c> restarts
/// those too, which also gives them a fresh circuit breaker and token cache.
/// </summary>
internal sealed record ConfigReloadPlan(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Changed, IReadOnlyList<string> Unchanged)
{
    public static ConfigReloadPlan Diff(HelrConfig before, HelrConfig after, bool restartAll)
    {
        var old = before.Sources.Select(s => s.Id).ToList();
        var now = after.Sources.Select(s => s.Id).ToList();
        var kept = now.Where(old.Contains).ToList();
        var edited = kept.Where(id => !SameSource(before, after, id)).ToList();
        var changed = restartAll ? kept : edited;
        return new ConfigReloadPlan(now.Except(old).ToList(), old.Except(now).ToList(), changed, kept.Except(changed).ToList())
        {
            Refreshed = changed.Except(edited).ToList(),
        };
    }

    /// <summary>
    /// The restarted sources whose config is the same (<c>restart_sources_on_sighup</c>): they keep their
    /// schedule, where an edited source polls at once.
    /// </summary>
    public IReadOnlyList<string> Refreshed { get; init; } = [];

    /// <summary>
    /// The source's config by value (its kernel settings and its block as expanded, so a changed
    /// <c>${VAR}</c> it references counts) and the global keys a running source reads.
    /// </summary>
    private static bool SameSource(HelrConfig before, HelrConfig after, string id) =>
        Equals(before.Sources.FirstOrDefault(s => s.Id == id), after.Sources.FirstOrDefault(s => s.Id == id))
        && Equals(GlobalOfASource(before.Global), GlobalOfASource(after.Global));

    // What SourceComposition reads from global:, and what the plugin built the source with: the hook
    // settings, and whether its credential reads go through the audit log (ConfigLoader).
    private static object GlobalOfASource(GlobalConfig global) =>
        (global.SourceLabelKey, global.Bulkhead.MaxConcurrentRequests, global.Bulkhead.ConnectionsPerHost, global.Degradation.EmitWithoutCheckpoint, global.Hooks,
            global.Audit.Credentials);

    public override string ToString() =>
        $"added [{string.Join(", ", Added)}], removed [{string.Join(", ", Removed)}], restarted [{string.Join(", ", Changed)}], unchanged {Unchanged.Count}";
}
