using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Config;

/// <summary>One source: the kernel's settings and the plugin's source.</summary>
internal sealed record SourceConfig(SourceSettings Settings, ISource Source, string PluginName)
{
    public string Id => Settings.Id;
}
