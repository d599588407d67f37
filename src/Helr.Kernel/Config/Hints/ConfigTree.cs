using Helr.PluginSdk.Config;

namespace Helr.Kernel.Config.Hints;

/// <summary>One key of a map in the user's config: where it sits and what it holds.</summary>
/// <param name="Parent">Key segments of the map holding the key (empty for the root).</param>
/// <param name="ParentPath">Key path of that map, as errors write it.</param>
/// <param name="Key">The key.</param>
/// <param name="Path">Key path of the key itself.</param>
/// <param name="Node">Its value; null when the value is empty (<c>pagination:</c> with nothing under it).</param>
internal sealed record ConfigEntry(IReadOnlyList<string> Parent, string ParentPath, string Key, string Path, ConfigNode? Node)
{
    /// <summary>Schema path of the map holding the key.</summary>
    public string ParentSchemaPath => ConfigSchema.PathOf(Parent);

    /// <summary>The source id when the key sits inside a source.</summary>
    public string? SourceId => Parent.Count >= 2 && Parent[0] == "sources" ? Parent[1] : null;
}

/// <summary>The keys of a loaded config tree by their error path, so errors can be matched to what the user wrote.</summary>
internal sealed class ConfigTree
{
    private readonly Dictionary<string, ConfigEntry> _byPath = new(StringComparer.Ordinal);

    public ConfigTree(ConfigNode root) => Walk(root, new List<string>());

    /// <summary>The entry an error path names, or null (list items, paths outside the tree).</summary>
    public ConfigEntry? Find(string path) => _byPath.GetValueOrDefault(path);

    private void Walk(ConfigNode map, List<string> segments)
    {
        if (map.Kind != ConfigNodeKind.Mapping) return;
        // Reading children here also marks them known, which is harmless: unknown keys are already reported.
        foreach (var key in map.Keys.ToList())
        {
            var child = map.Child(key);
            var path = map.ChildPath(key);
            _byPath.TryAdd(path, new ConfigEntry(segments.ToArray(), map.Path, key, path, child));
            if (child is null) continue;
            segments.Add(key);
            Walk(child, segments);
            segments.RemoveAt(segments.Count - 1);
        }
    }
}
