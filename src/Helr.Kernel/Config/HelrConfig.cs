using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Config;

/// <summary>A loaded, validated configuration.</summary>
internal sealed record HelrConfig(string Path, GlobalConfig Global, IReadOnlyList<SourceConfig> Sources)
{
    /// <summary>Problems that do not stop Helr (keys not supported yet, plugin folders that failed to load), as "path: message".</summary>
    public IReadOnlyList<string> Warnings { get; init; } = Array.Empty<string>();
}
