using System.Text.Json.Nodes;
using Helr.Kernel.Config;

namespace Helr.Kernel.Scheduling;

/// <summary>
/// What a reload does to each source: start the added, stop the removed, restart the changed (from
/// their stored state), leave the unchanged alone; <c>reload.restart_sources_on_sighup</c> restarts
/// those too, which also gives them a fresh circuit breaker and token cache.
/// </summary>
internal sealed record ConfigReloadPlan(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Changed, IReadOnlyList<string> Unchanged)
{
    // Global keys a running source reads (SourceRunner): a change to one of them changes every source.
    private static readonly string[][] GlobalKeysOfASource =
    {
        new[] { "source_label_key" }, new[] { "bulkhead", "max_concurrent_requests" }, new[] { "degradation", "emit_without_checkpoint" },
    };

    public static ConfigReloadPlan Diff(ConfigSnapshot before, ConfigSnapshot after, bool restartAll)
    {
        var old = before.Config.Sources.Select(s => s.Id).ToList();
        var now = after.Config.Sources.Select(s => s.Id).ToList();
        var kept = now.Where(old.Contains).ToList();
        var changed = kept.Where(id => restartAll || !SameSource(before, after, id)).ToList();
        return new ConfigReloadPlan(now.Except(old).ToList(), old.Except(now).ToList(), changed, kept.Except(changed).ToList());
    }

    /// <summary>
    /// Compares the source's block as written (references unexpanded) and the global keys it reads.
    /// Once config records compare by value this can compare <see cref="SourceConfig.Settings"/> instead.
    /// </summary>
    public static bool SameSource(ConfigSnapshot before, ConfigSnapshot after, string id) =>
        JsonNode.DeepEquals(before.RawSource(id), after.RawSource(id))
        && GlobalKeysOfASource.All(path => JsonNode.DeepEquals(Global(before, path), Global(after, path)));

    private static JsonNode? Global(ConfigSnapshot snapshot, string[] path)
    {
        JsonNode? node = RawConfig.At(snapshot.Raw, "global");
        foreach (var key in path) node = node is JsonObject o && o.TryGetPropertyValue(key, out var child) ? child : null;
        return node;
    }

    public override string ToString() =>
        $"added [{string.Join(", ", Added)}], removed [{string.Join(", ", Removed)}], restarted [{string.Join(", ", Changed)}], unchanged {Unchanged.Count}";
}
