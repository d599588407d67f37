using Helr.PluginSdk.Sources;

namespace Helr.Plugins.GitHub;

/// <summary>What <c>helr plugins inspect github</c> shows; <c>GitHubConfigKeysTests</c> holds it to the reader.</summary>
internal static class GitHubConfigKeys
{
    public static IReadOnlyList<ConfigKeyInfo> All { get; } = new ConfigKeyInfo[]
    {
        new() { Name = "org", Type = "string", Description = "the organization whose audit log to read; required unless enterprise or url is set" },
        new() { Name = "enterprise", Type = "string", Description = "an enterprise slug instead of org (not both)" },
        new() { Name = "url", Type = "url", Default = "https://api.github.com/orgs/<org>/audit-log", Description = "replaces the endpoint (GitHub Enterprise Server, a proxy)" },
        new() { Name = "auth", Type = "mapping", Required = true, Description = "type: bearer (a token with read:audit_log) or type: github_app (app_id, installation_id, private key)" },
        new() { Name = "include", Type = "string", Default = "web", Description = "web, git or all (GitHub's default is web)" },
        new() { Name = "phrase", Type = "string", Description = "GitHub's search phrase, e.g. action:repo; created: is Helr's" },
        new() { Name = "per_page", Type = "integer", Default = "100", Description = "events per page (1-100)" },
        new() { Name = "lag_secs", Type = "integer", Default = "600", Description = "each traversal starts this long before the newest event written, for events GitHub indexes late (0-86400)" },
        new() { Name = "pagination.max_pages", Type = "integer", Default = "15", Description = "pages per cycle; the traversal continues next cycle" },
    };
}
