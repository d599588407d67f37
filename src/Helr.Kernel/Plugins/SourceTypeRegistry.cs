using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Plugins;

/// <summary>
/// Maps a source's <c>type:</c> to the plugin source type that builds it. A lookup loads plugin
/// folders only until one provides the type: the folder named like it, then the others in order. When two
/// plugins provide the same type, the one in the folder named like the type wins, else the first in
/// folder order: the same answer whichever folders happen to be loaded already.
/// </summary>
internal sealed class SourceTypeRegistry
{
    private readonly Dictionary<string, (ISourceType Type, LoadedPlugin Plugin)> _types = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<LoadedPlugin> _registered = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _gate = new();

    public SourceTypeRegistry(PluginCatalog catalog)
    {
        Catalog = catalog;
        foreach (var plugin in catalog.LoadedSoFar) Register(plugin);
    }

    public PluginCatalog Catalog { get; }

    /// <summary>Every source type of every plugin folder (loads them all: for messages, not for lookups).</summary>
    public IEnumerable<string> Names
    {
        get
        {
            lock (_gate)
            {
                foreach (var plugin in Catalog.LoadAll()) Register(plugin);
                return _types.Keys.Order(StringComparer.Ordinal).ToList();
            }
        }
    }

    public bool TryGet(string name, out ISourceType type, out LoadedPlugin plugin)
    {
        lock (_gate)
        {
            // The folder named like the type first, even when another folder already gave the type.
            if (Catalog.LoadFolderOf(name) is { } own) Register(own);
            if (!_types.TryGetValue(name, out _))
            {
                foreach (var candidate in Catalog.LoadInOrder())
                {
                    Register(candidate);
                    if (_types.TryGetValue(name, out _)) break;
                }
            }
            if (_types.TryGetValue(name, out var entry))
            {
                (type, plugin) = entry;
                return true;
            }
        }
        type = null!;
        plugin = null!;
        return false;
    }

    /// <summary>
    /// Each source type that more than one loaded folder provides, named with the folders and the one
    /// used: only that one builds the type's sources, so an old copy of a plugin could be in use unnoticed.
    /// </summary>
    public IEnumerable<string> SharedTypes()
    {
        lock (_gate)
        {
            // Loops, not LINQ: grouping value tuples is compiled at run time at every start (ReadyToRun cannot hold it).
            var foldersOf = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            var order = new List<string>();
            foreach (var plugin in Catalog.Plugins)
            {
                if (plugin.Plugin is null) continue;
                Register(plugin);
                var folder = Path.GetFileName(plugin.Folder);
                foreach (var type in plugin.SourceTypes)
                {
                    if (!foldersOf.TryGetValue(type.Name, out var folders))
                    {
                        foldersOf[type.Name] = folders = new List<string>();
                        order.Add(type.Name);
                    }
                    if (!folders.Contains(folder)) folders.Add(folder);
                }
            }
            var shared = new List<string>();
            foreach (var name in order)
            {
                var folders = foldersOf[name];
                if (folders.Count > 1 && _types.TryGetValue(name, out var used))
                    shared.Add($"source type '{name}' is provided by plugin folders {Listed(folders)}; '{Path.GetFileName(used.Plugin.Folder)}' is used");
            }
            return shared;
        }
    }

    private static string Listed(IReadOnlyList<string> folders) =>
        string.Join(", ", folders.SkipLast(1).Select(f => $"'{f}'")) + $" and '{folders[^1]}'";

    private void Register(LoadedPlugin plugin)
    {
        if (plugin.Plugin is null || !_registered.Add(plugin)) return;
        foreach (var type in plugin.SourceTypes)
        {
            if (PluginCatalog.IsFolderOf(plugin.Folder, type.Name) && _types.TryGetValue(type.Name, out var held)
                && !PluginCatalog.IsFolderOf(held.Plugin.Folder, type.Name))
                _types[type.Name] = (type, plugin);
            else
                _types.TryAdd(type.Name, (type, plugin));
        }
    }
}
