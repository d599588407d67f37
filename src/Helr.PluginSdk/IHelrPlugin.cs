using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk;

/// <summary>
/// The entry point of a plugin assembly. The host instantiates the single public, non-abstract type
/// implementing this interface through its parameterless constructor.
/// </summary>
public interface IHelrPlugin
{
    /// <summary>Name, version and description of the plugin.</summary>
    PluginInfo Info { get; }

    /// <summary>The source types (values of a source's <c>type:</c> key) this plugin provides.</summary>
    IReadOnlyList<ISourceType> SourceTypes { get; }
}
