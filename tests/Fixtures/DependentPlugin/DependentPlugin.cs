using Helr.PluginSdk;
using Helr.PluginSdk.Sources;

namespace DependentPlugin;

public sealed class DependentPlugin : IHelrPlugin
{
    public PluginInfo Info { get; } = new() { Name = PrivateDependency.Names.Plugin(), Version = "1.2.3", Description = "needs PrivateDependency.dll from its own folder" };

    public IReadOnlyList<ISourceType> SourceTypes { get; } = Array.Empty<ISourceType>();
}
