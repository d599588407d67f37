using Helr.PluginSdk;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Gws;

/// <summary>Google Workspace audit activities from the Admin SDK Reports API.</summary>
public sealed class GwsPlugin : IHelrPlugin
{
    public PluginInfo Info { get; } = new()
    {
        Name = "gws",
        Version = typeof(GwsPlugin).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        Description = "Google Workspace Admin SDK Reports API (activities.list), with a lag window",
    };

    public IReadOnlyList<ISourceType> SourceTypes { get; } = new ISourceType[] { new GwsSourceType() };
}
