using Helr.PluginSdk.Sources;

namespace Helr.Plugins.OnePassword;

/// <summary>What <c>helr plugins inspect onepassword</c> shows; <c>OnePasswordConfigKeysTests</c> holds it to the reader.</summary>
internal static class OnePasswordConfigKeys
{
    public static IReadOnlyList<ConfigKeyInfo> All { get; } = new ConfigKeyInfo[]
    {
        new() { Name = "events", Type = "string", Required = true, Description = "auditevents, signinattempts or itemusages: one source per endpoint" },
        new() { Name = "auth", Type = "mapping", Required = true, Description = "type: bearer (token_env/token_file): the Events Reporting integration's token" },
        new() { Name = "region", Type = "string", Default = "us", Description = "us, ent, ca or eu: picks the Events API host" },
        new() { Name = "url", Type = "url", Description = "the Events API base URL instead of region (not both); the endpoint's own URL works too" },
        new() { Name = "from", Type = "string", Description = "RFC 3339 start of the very first run (unset: lookback_secs back)" },
        new() { Name = "lookback_secs", Type = "integer", Default = "86400", Description = "how far back the first run starts when from is not set" },
        new() { Name = "limit", Type = "integer", Default = "1000", Description = "events per page (1-1000)" },
        new() { Name = "max_pages", Type = "integer", Default = "50", Description = "pages per cycle; the next cycle continues from the stored cursor" },
        new() { Name = "on_cursor_error", Type = "string", Default = "reset", Description = "reset starts again from a reset cursor when the stored one is rejected; fail fails the cycle" },
    };
}
