using System.Text.RegularExpressions;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Time;

namespace Helr.Plugins.Okta;

/// <summary>
/// Checks <c>from</c> (without it, <c>query_params.since</c>), which goes out as Okta's <c>since</c> as written (as upstream sends it): a value
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
        // ISO 8601 as Okta documents since; only what is plainly no such time is refused, so no value Okta takes is.
        if (IsoDate().IsMatch(from) && Rfc3339.Parse(from) is not null) return;
        node.Fail(key, $"'{from}' is not a time Okta's since takes: RFC 3339, e.g. 2024-06-01T00:00:00.000Z");
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDate();
}
