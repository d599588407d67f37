using Helr.PluginSdk.Config;

namespace Helr.Kernel.Config.Hints;

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
