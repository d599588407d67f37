using Helr.PluginSdk;
using Helr.PluginSdk.Sources;

namespace DependentPlugin;

public sealed class DependentPlugin : IHelrPlugin
{
    public PluginInfo Info { get; } = new(PrivateDependency.Names.Plugin(), "1.2.3", "needs PrivateDependency.dll from its own folder");

    public IReadOnlyList<ISourceType> SourceTypes { get; } = Array.Empty<ISourceType>();
}
