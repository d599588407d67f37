using System.Text.RegularExpressions;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Time;

namespace Helr.Plugins.Okta;

/// <summary>
/// Checks <c>from</c> (without it, <c>query_params.since</c>, else a <c>since</c> in <c>url</c>), which goes out as Okta's <c>since</c> as written (as upstream sends it): a value
/// Okta cannot read (<c>yesterday</c>, Unix seconds as Slack takes them) passed <c>helr validate</c> and
/// then failed every poll with Okta's HTTP 400, which names no setting.
/// </summary>
internal static partial class OktaFrom
{
    public static void Check(ConfigNode config)
    {
        if (config.Has("from"))
            Check(config, "from");
        else if (config.Child("query_params") is { } query && query.Has("since"))
            Check(query, "since"); // the first request's since then (OktaSourceType)
        else if (SinceInUrl(config) is { } since && !IsSince(since))
            config.Fail("url", $"its since '{since}' is not a time Okta's since takes: RFC 3339, e.g. 2024-06-01T00:00:00.000Z");
    }

    // The since a url carries, which starts the first run without from or query_params.since (OktaSourceType).
    private static string? SinceInUrl(ConfigNode config)
    {
        if (config.Child("url")?.ScalarValue is not { } text || !Uri.TryCreate(text, UriKind.Absolute, out var url)) return null;
        var pair = url.Query.TrimStart('?').Split('&').FirstOrDefault(p => p.StartsWith("since=", StringComparison.Ordinal));
        return pair is null ? null : Uri.UnescapeDataString(pair["since=".Length..].Replace('+', ' '));
    }

    private static void Check(ConfigNode node, string key)
    {
        if (node.Child(key)?.ScalarValue is not { } from) return;
        // Sent as `since=` (an unset `${OKTA_FROM:-}`, most likely), not as no from.
        if (from.Trim().Length == 0)
        {
            node.Fail(key, "must not be empty: leave it out to start 7 days back");
            return;
        }
        if (IsSince(from)) return;
        node.Fail(key, $"'{from}' is not a time Okta's since takes: RFC 3339, e.g. 2024-06-01T00:00:00.000Z");
    }

    // ISO 8601 as Okta documents since; only what is plainly no such time is refused, so no value Okta takes is.
    private static bool IsSince(string text) => IsoDate().IsMatch(text) && Rfc3339.Parse(text) is not null;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDate();
}
