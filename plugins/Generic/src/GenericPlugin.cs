using Helr.PluginSdk;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Generic;

/// <summary>Declarative sources for any JSON HTTP API.</summary>
public sealed class GenericPlugin : IHelrPlugin
{
    public PluginInfo Info { get; } = new()
    {
        Name = "generic",
        Version = typeof(GenericPlugin).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        Description = "Any JSON HTTP API, described in helr.yaml (url, auth, pagination, event paths)",
    };

    public IReadOnlyList<ISourceType> SourceTypes { get; } = new ISourceType[] { new GenericSourceType() };
}
