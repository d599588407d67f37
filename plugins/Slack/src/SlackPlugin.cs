using Helr.PluginSdk;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Slack;

/// <summary>Slack Enterprise audit logs (<c>type: slack</c>).</summary>
public sealed class SlackPlugin : IHelrPlugin
{
    public PluginInfo Info { get; } = new()
    {
        Name = "slack",
        Version = typeof(SlackPlugin).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        Description = "Slack Enterprise Grid audit logs (/audit/v1/logs)",
    };

    public IReadOnlyList<ISourceType> SourceTypes { get; } = new ISourceType[] { new SlackSourceType() };
}
