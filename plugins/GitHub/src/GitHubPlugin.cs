using Helr.PluginSdk;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.GitHub;

/// <summary>GitHub organization and enterprise audit logs (<c>type: github</c>).</summary>
public sealed class GitHubPlugin : IHelrPlugin
{
    public PluginInfo Info { get; } = new()
    {
        Name = "github",
        Version = typeof(GitHubPlugin).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        Description = "GitHub organization or enterprise audit log (Enterprise Cloud)",
    };

    public IReadOnlyList<ISourceType> SourceTypes { get; } = new ISourceType[] { new GitHubSourceType() };
}
