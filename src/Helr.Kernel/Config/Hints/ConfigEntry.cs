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
