using Helr.PluginSdk.Config;

namespace Helr.Kernel.Config.Hints;

/// <summary>
/// Rewrites unknown-key errors so they point to the fix: an older upstream spelling gets its new
/// name; a key that is valid in another block says where it belongs (before any spelling guess,
/// since an exact key elsewhere is the likelier intent); and several keys of one block written one
/// level too high or too low become one "looks mis-indented" problem for that block.
/// </summary>
internal sealed class UnknownKeyHints
{
    private readonly Dictionary<int, ConfigError?> _replacements = new();
    private readonly HashSet<string> _followOns = new(StringComparer.Ordinal);
    private readonly ConfigTree _tree;

    /// <param name="unknown">The unknown-key errors, by their index among all problems.</param>
    public UnknownKeyHints(IReadOnlyList<(int Index, ConfigError Error)> unknown, ConfigTree tree)
    {
        _tree = tree;
        var placed = new List<(int Index, ConfigEntry Entry, Placement Where)>();
        foreach (var (index, error) in unknown)
        {
            var entry = tree.Find(error.Path);
            if (entry is null) continue;
            var rename = UpstreamRenames.CurrentName(entry.ParentSchemaPath, entry.Key);
            if (rename is not null)
            {
                _replacements[index] = error with { Message = $"{entry.Key} is an older upstream spelling; write {rename}" };
                FollowOn(entry.ParentPath.Length == 0 ? rename : $"{entry.ParentPath}.{rename}");
                continue;
            }
            var where = KeyPlacement.Find(entry.ParentSchemaPath, entry.Key);
            if (where is not null) placed.Add((index, entry, where));
        }
        foreach (var block in placed.GroupBy(p => p.Entry.ParentPath)) Explain(block.ToList());
    }

    /// <summary>The replacement for the problem at <paramref name="index"/>: a new error, null to drop it, or false when unchanged.</summary>
    public bool TryReplace(int index, out ConfigError? replacement) => _replacements.TryGetValue(index, out replacement);

    /// <summary>
    /// True for an error at a path where a misplaced key belongs (e.g. <c>pagination.cursor_param: required</c>
    /// when <c>cursor_param</c> was written one level too high): it only repeats the real problem.
    /// </summary>
    public bool IsFollowOn(string path) => _followOns.Contains(path);

    private void Explain(List<(int Index, ConfigEntry Entry, Placement Where)> keys)
    {
        // Group keys by a block they could all belong to; the biggest group first, so that a key valid
        // in several blocks joins the one its neighbours point to.
        while (keys.Count > 0)
        {
            var (target, members) = keys
                .Where(k => k.Where.Kind != PlacementKind.Elsewhere)
                .SelectMany(k => k.Where.Blocks.Select(b => (Block: b, Key: k)))
                .GroupBy(x => x.Block, x => x.Key)
                .Select(g => (Block: g.Key, Members: g.ToList()))
                .OrderByDescending(g => g.Members.Count)
                .FirstOrDefault();
            if (members is null || members.Count < 2) break;
            Group(target, members);
            keys.RemoveAll(k => members.Contains(k));
        }
        foreach (var key in keys) Single(key.Index, key.Entry, key.Where);
    }

    private void Group(string target, List<(int Index, ConfigEntry Entry, Placement Where)> members)
    {
        var first = members[0].Entry;
        var names = Names(members.Select(m => m.Entry.Key).ToList());
        var kind = members[0].Where.Kind;
        foreach (var m in members)
        {
            _replacements[m.Index] = null;
            FollowOn(Concrete(ConfigSchema.Join(target, m.Entry.Key), first.SourceId));
        }
        var here = first.ParentPath.Length == 0 ? "the top level" : first.ParentPath;
        ConfigError problem = kind == PlacementKind.Below
            ? new() { Path = Concrete(target, first.SourceId), Message = $"looks mis-indented: {names} sit directly under {here}; indent them under {Relative(first, target)}:" }
            : new() { Path = first.ParentPath, Message = $"looks mis-indented: {names} belong directly under {Display(target, first.SourceId)}, not under {first.Parent[^1]}:; indent them less" };
        _replacements[members.Min(m => m.Index)] = problem;
    }

    private void Single(int index, ConfigEntry entry, Placement where)
    {
        var key = entry.Key;
        string message;
        if (where.Blocks.Count > 1)
        {
            message = $"not a key here; {key} belongs under one of: {string.Join(", ", where.Blocks.Take(5).Select(b => Relative(entry, b) + ":"))}";
        }
        else
        {
            var block = where.Blocks[0];
            var full = Concrete(ConfigSchema.Join(block, key), entry.SourceId);
            FollowOn(full);
            message = where.Kind switch
            {
                PlacementKind.Below => $"not a key here; {key} belongs under {Relative(entry, block)}: ({full})",
                PlacementKind.Above => $"not a key of {entry.Parent[^1]}; {key} belongs directly under {Display(block, entry.SourceId)} ({full})",
                _ => $"not a key here; {key} belongs under {Concrete(block, entry.SourceId)}: ({full})" + SpellingGuess(entry),
            };
        }
        _replacements[index] = new ConfigError { Path = entry.Path, Message = message };
    }

    // Only where the key is really missing: a value the user did write there keeps its own errors.
    private void FollowOn(string path)
    {
        if (_tree.Find(path) is null) _followOns.Add(path);
    }

    // An unrelated block is a weaker lead than a block above or below, so a close key here is still offered.
    private static string SpellingGuess(ConfigEntry entry)
    {
        var local = ConfigSchema.KeysOf(entry.ParentSchemaPath);
        var guess = local is null ? null : KeySuggester.Suggest(entry.Key, local.Keys);
        return guess is null ? "" : $"; or did you mean '{guess}'?";
    }

    private static string Relative(ConfigEntry entry, string block)
    {
        var parent = entry.ParentSchemaPath;
        var rel = parent.Length == 0 ? block : block[(parent.Length + 1)..];
        return rel.Replace("*", "<id>", StringComparison.Ordinal);
    }

    private static string Display(string block, string? sourceId) => block.Length == 0 ? "the top level" : Concrete(block, sourceId);

    private static string Concrete(string schemaPath, string? sourceId) =>
        schemaPath.StartsWith("sources.*", StringComparison.Ordinal)
            ? "sources." + (sourceId ?? "<id>") + schemaPath["sources.*".Length..]
            : schemaPath;

    private static string Names(List<string> keys) =>
        keys.Count == 1 ? keys[0] : $"{string.Join(", ", keys.Take(keys.Count - 1))} and {keys[^1]}";
}
