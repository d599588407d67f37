using Helr.PluginSdk;
using Helr.PluginSdk.Sources;

namespace IsolatedPlugin;

public sealed class IsolatedPlugin : IHelrPlugin
{
    public PluginInfo Info { get; } = new() { Name = Serilog.PluginPrivate.PluginName(), Version = "0.1.0", Description = "ships its own Serilog.dll, which helr also has" };

    public IReadOnlyList<ISourceType> SourceTypes { get; } = Array.Empty<ISourceType>();
}
