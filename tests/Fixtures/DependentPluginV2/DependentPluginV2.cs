using Helr.PluginSdk;
using Helr.PluginSdk.Sources;

namespace DependentPluginV2;

public sealed class DependentPluginV2 : IHelrPlugin
{
    // PluginV2 exists only in PrivateDependency 2.0.0: given the older copy, this throws MissingMethodException.
    public PluginInfo Info { get; } = new() { Name = PrivateDependency.Names.PluginV2(), Version = "2.0.0", Description = "needs PrivateDependency 2.0.0 from its own folder" };

    public IReadOnlyList<ISourceType> SourceTypes { get; } = Array.Empty<ISourceType>();
}
