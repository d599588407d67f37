using Helr.PluginSdk.Config;

namespace Helr.PluginSdk.Declarative;

/// <summary>
/// Refuses <c>state.state_key</c> / <c>incremental_from.state_key</c> values that share a state key
/// with the pagination's position or with each other.
/// </summary>
internal static class TrackedStateKeys
{
    // A tracked value stored under a key the cycle also writes overwrites it or is overwritten: under
    // `cursor` the next cycle sent the watermark as its cursor (refused by the API), under `offset` it
    // started at the watermark's number as an item offset (skipping that many events), under `next_url`
    // a cut-short traversal lost the watermark; two tracked values under one key overwrite each other.
    public static void Check(ConfigNode source, DeclarativeOptions o)
    {
        var position = o.Pagination?.Strategy switch
        {
            PaginationStrategy.LinkHeader => LinkHeaderCycle.StateKey,
            PaginationStrategy.Cursor => CursorCycle.StateKey,
            PaginationStrategy.PageOffset or PaginationStrategy.Offset => PageNumberCycle.StateKey,
            _ => null,
        };
        var tracked = new[] { ("state", o.Watermark), ("incremental_from", o.IncrementalFrom) };
        for (var i = 0; i < tracked.Length; i++)
        {
            var (block, options) = tracked[i];
            if (options is null || source.Child(block)?.Child("state_key") is null) continue;
            var keys = TrackerKeys(options.StateKey);
            var path = source.ChildPath(block) + ".state_key";
            // Each strategy keeps the fingerprint of its position's query beside it (StoredCursor).
            var shared = position is null ? null : keys.Contains(position) ? position
                : keys.Contains(position + "_query") ? position + "_query" : null;
            if (shared is not null)
                source.Errors.Add(path, $"'{options.StateKey}' would share the state key '{shared}' that pagination.strategy "
                    + $"{DeclarativeReader.StrategyNames[(int)o.Pagination!.Strategy]} keeps its position in, and each would overwrite the other; choose another name");
            else if (options.StateKey.StartsWith("helr:", StringComparison.Ordinal))
                source.Errors.Add(path, $"'{options.StateKey}': state keys starting with helr: are Helr's own; choose another name");
            var (otherBlock, other) = tracked[1 - i];
            // Reported once, on the block written second.
            if (other is not null && i == 1 && keys.Overlaps(TrackerKeys(other.StateKey)))
                source.Errors.Add(path, $"'{options.StateKey}' would share state keys with {otherBlock}.state_key '{other.StateKey}' "
                    + "(each keeps <key>, <key>_pending, <key>_ids and <key>_pending_ids), and each would overwrite the other; choose another name");
        }
    }

    private static HashSet<string> TrackerKeys(string key) => new(StringComparer.Ordinal) { key, key + "_pending", key + "_ids", key + "_pending_ids" };
}
