using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Slack;

/// <summary>What <c>helr plugins inspect slack</c> shows; <c>SlackConfigKeysTests</c> holds it to the reader.</summary>
internal static class SlackConfigKeys
{
    public static IReadOnlyList<ConfigKeyInfo> All { get; } = new ConfigKeyInfo[]
    {
        new() { Name = "auth", Type = "mapping", Required = true, Description = "type: bearer with an org owner's user token (xoxp-...), scope auditlogs:read" },
        new() { Name = "url", Type = "url", Default = SlackOptions.DefaultUrl, Description = "the audit logs endpoint" },
        new() { Name = "from", Type = "integer", Description = "Unix seconds, oldest of the first traversal (unset: all the log Slack keeps)" },
        new() { Name = "query_params", Type = "mapping", Default = "{limit: 1000}", Description = "action, actor, entity, latest, limit; sent on every page (oldest and cursor are Helr's)" },
        new() { Name = "lag_secs", Type = "integer", Default = "600", Description = "each traversal's oldest goes this long before the newest entry written, for entries Slack lists late (0-86400)" },
        new() { Name = "pagination.max_pages", Type = "integer", Default = "25", Description = "pages per cycle; the traversal continues next cycle" },
        new() { Name = "on_cursor_error", Type = "string", Default = "reset", Description = "reset restarts the traversal on invalid_cursor; fail fails the cycle" },
    };
}
