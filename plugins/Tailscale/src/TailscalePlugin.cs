using Helr.PluginSdk;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Tailscale;

/// <summary>Tailscale configuration audit logs and network flow logs.</summary>
public sealed class TailscalePlugin : IHelrPlugin
{
    public PluginInfo Info { get; } = new()
    {
        Name = "tailscale",
        Version = typeof(TailscalePlugin).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        Description = "Tailscale configuration audit and network flow logs",
    };

    public IReadOnlyList<ISourceType> SourceTypes { get; } = new ISourceType[] { new TailscaleSourceType() };
}
