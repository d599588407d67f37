using System.Globalization;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Tailscale;

/// <summary>What <c>helr plugins inspect tailscale</c> shows; <c>TailscaleConfigKeysTests</c> holds it to the reader.</summary>
internal static class TailscaleConfigKeys
{
    public static IReadOnlyList<ConfigKeyInfo> All { get; } = new ConfigKeyInfo[]
    {
        new() { Name = "tailnet", Type = "string", Required = true, Description = "the tailnet name (e.g. example.com), or \"-\" (quoted) for the API key's own tailnet" },
        new() { Name = "log", Type = "string", Required = true, Description = "configuration (audit entries) or network (flow logs)" },
        new() { Name = "auth", Type = "mapping", Required = true, Description = "type: basic (user_env: the API key, no password), bearer (token_env) or oauth2" },
        new() { Name = "url", Type = "url", Default = TailscaleSourceType.DefaultUrl, Description = "the API base URL, with or without /api/v2" },
        new() { Name = "from", Type = "string", Description = "RFC 3339 start of the very first window (unset: lookback_secs back)" },
        new() { Name = "lookback_secs", Type = "integer", Default = Text(TailscaleSourceType.DefaultLookbackSecs), Description = "how far back the first window starts when from is not set" },
        new() { Name = "lag_secs", Type = "integer", Default = Text(TailscaleSourceType.DefaultLagSecs), Description = "windows end this long before now" },
        new() { Name = "max_window_secs", Type = "integer", Default = Text(TailscaleSourceType.DefaultMaxWindowSecs), Description = "no window is longer; an outage is caught up in several requests" },
        new() { Name = "max_pages", Type = "integer", Default = "100", Description = "windows (requests) per cycle" },
    };

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
