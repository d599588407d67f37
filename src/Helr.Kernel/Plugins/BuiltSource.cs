using Helr.Kernel.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Plugins;

/// <summary>
/// A source ready to run: its config (data), the live <see cref="ISource"/> its plugin built from it
/// (authenticator, token cache, paging) and the kernel settings with the plugin's vendor defaults
/// laid under the user's. Not a value: two builds of one config are two sources.
/// </summary>
internal sealed class BuiltSource(SourceConfig config, ISource source, string pluginName, SourceSettings settings)
{
    public SourceConfig Config { get; } = config;
    public ISource Source { get; } = source;

    /// <summary>The plugin that provides the source's type.</summary>
    public string PluginName { get; } = pluginName;

    /// <summary>What runs: <see cref="SourceConfig.Settings"/> plus the plugin's <see cref="ISource.Defaults"/> where the user set nothing.</summary>
    public SourceSettings Settings { get; } = settings;

    public string Id => Config.Id;

    public override string ToString() => $"{Id} [{Settings.Type}, plugin {PluginName}]";
}
