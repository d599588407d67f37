using Helr.PluginSdk;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.OnePassword;

/// <summary>1Password Events API: audit events, sign-in attempts and item usages.</summary>
public sealed class OnePasswordPlugin : IHelrPlugin
{
    public PluginInfo Info { get; } = new()
    {
        Name = "onepassword",
        Version = typeof(OnePasswordPlugin).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        Description = "1Password Events API (auditevents, signinattempts, itemusages)",
    };

    public IReadOnlyList<ISourceType> SourceTypes { get; } = new ISourceType[] { new OnePasswordSourceType() };
}
