using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Plugins;

/// <summary>Maps a source's <c>type:</c> to the plugin source type that builds it.</summary>
internal sealed class SourceTypeRegistry
{
    private readonly Dictionary<string, (ISourceType Type, LoadedPlugin Plugin)> _types = new(StringComparer.OrdinalIgnoreCase);

    public SourceTypeRegistry(PluginCatalog catalog)
    {
        Catalog = catalog;
        foreach (var plugin in catalog.Plugins.Where(p => p.Plugin is not null))
        {
            foreach (var type in plugin.SourceTypes)
                _types.TryAdd(type.Name, (type, plugin));
        }
    }

    public PluginCatalog Catalog { get; }

    public IEnumerable<string> Names => _types.Keys.Order(StringComparer.Ordinal);

    public bool TryGet(string name, out ISourceType type, out LoadedPlugin plugin)
    {
        if (_types.TryGetValue(name, out var entry))
        {
            (type, plugin) = entry;
            return true;
        }
        type = null!;
        plugin = null!;
        return false;
    }
}
