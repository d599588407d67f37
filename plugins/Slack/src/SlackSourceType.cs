using System.Globalization;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Slack;

/// <summary>
/// <c>type: slack</c>: the org's audit log. A user writes <c>auth</c> (a user token with
/// <c>auditlogs:read</c>); every other key has a vendor default.
/// </summary>
public sealed class SlackSourceType : ISourceType
{
    private static readonly string[] PageKeys = { "max_pages" };

    public string Name => "slack";

    public string Description => "Slack Enterprise audit logs (/audit/v1/logs), bearer user token";

    public IReadOnlyList<ConfigKeyInfo> ConfigKeys => SlackConfigKeys.All;

    public ISource? Create(ConfigNode config, SourceBuildContext context)
    {
        var authNode = config.Child("auth");
        if (authNode is null) config.Fail("auth", "is required for type slack: an org owner's user token with auditlogs:read (type: bearer, token_env: SLACK_AUDIT_TOKEN)");
        var auth = AuthReader.Read(authNode, context.Environment);
        var url = ReadUrl(config);
        var from = config.String("from");
        if (from is not null)
        {
            if (!long.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var start))
                config.Fail("from", $"'{from}' is not Unix seconds (Slack's oldest is an integer, e.g. 1718000000)");
            // As oldest it starts the range tens of thousands of years ahead: every cycle succeeds with no entry.
            else if (start >= SlackOptions.FirstMilliseconds)
                config.Fail("from", $"'{from}' is in milliseconds, not Unix seconds (Slack's oldest): write {(start / 1000).ToString(CultureInfo.InvariantCulture)}");
        }
        var query = new List<KeyValuePair<string, string>> { new("limit", "1000") };
        foreach (var (key, value) in config.StringMap("query_params", integersOnly: true) ?? Array.Empty<KeyValuePair<string, string>>())
        {
            if (key is "oldest" or "cursor")
            {
                config.Fail($"query_params.{key}", $"is set by Helr on every page; use from for where the first run starts");
                continue;
            }
            query.RemoveAll(kv => kv.Key == key);
            query.Add(new(key, value));
        }
        var pagination = config.Mapping("pagination");
        var maxPages = pagination?.Integer("max_pages", min: 1, max: 1_000_000);
        pagination?.Know(PageKeys);
        var lag = config.Integer("lag_secs", min: 0, max: 86_400);
        var cursorError = config.Choice("on_cursor_error", new[] { "reset", "fail" });
        if (config.Errors.HasErrors || url is null) return null;
        return new SlackSource(new SlackOptions
        {
            Url = url,
            From = from,
            QueryParams = query,
            MaxPages = (int)(maxPages ?? 25),
            LagSecs = lag ?? SlackOptions.DefaultLagSecs,
            ResetOnCursorError = cursorError != "fail",
        }, auth);
    }

    private static Uri? ReadUrl(ConfigNode config)
    {
        var text = config.String("url");
        if (text is null) return new Uri(SlackOptions.DefaultUrl);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            config.Fail("url", "is not an absolute http:// or https:// URL");
            return null;
        }
        // Sent again by Helr on every page, the parameter went out twice: whichever Slack took, the range start
        // (oldest), the position (cursor) or the user's value was lost.
        var names = url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => Uri.UnescapeDataString(p.Split('=')[0]));
        if (names.FirstOrDefault(n => n is "oldest" or "cursor" or "limit") is { } name)
        {
            var fix = name switch
            {
                "oldest" => "use from for where the first run starts",
                "cursor" => "Helr follows next_cursor",
                _ => "set query_params.limit instead",
            };
            config.Fail("url", $"carries '{name}', which Helr sends itself: remove it from url ({fix})");
            return null;
        }
        return url;
    }
}
