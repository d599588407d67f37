namespace Helr.Kernel.Config;

/// <summary>A loaded, validated configuration: values only, compared by value (no live sources; Plugins/SourceBuilder builds those).</summary>
internal sealed record HelrConfig(string Path, GlobalConfig Global, ValueList<SourceConfig> Sources)
{
    /// <summary>Problems that do not stop Helr (keys not supported yet, plugin folders that failed to load), as "path: message".</summary>
    public ValueList<string> Warnings { get; init; } = ValueList<string>.Empty;
}
