using Helr.PluginSdk;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Okta;

/// <summary>Okta System Log (<c>type: okta</c>).</summary>
public sealed class OktaPlugin : IHelrPlugin
{
    public PluginInfo Info { get; } = new()
    {
        Name = "okta",
        Version = typeof(OktaPlugin).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        Description = "Okta System Log (/api/v1/logs)",
    };

    public IReadOnlyList<ISourceType> SourceTypes { get; } = new ISourceType[] { new OktaSourceType() };
}
