using Helr.PluginSdk.Config;

namespace Helr.Plugins.Okta;

/// <summary>
/// Warns of a non-empty <c>until</c> (<c>query_params.until</c>, or one in <c>url</c>), which upstream's Okta guide
/// lists beside <c>limit</c> and <c>filter</c>: Okta's polling query is an ascending one with no <c>until</c>. With
/// one, every request is a bounded query, whose <c>since</c> filters on <c>published</c> rather than on when Okta
/// stored an event; each cycle starts at the newest <c>published</c> seen, so an event Okta stores after a
/// later-published one was read is never asked for again, and nothing after <c>until</c> ever comes.
/// </summary>
internal static class OktaUntil
{
    private const string Why = "makes every request a bounded query: Okta then filters since on published time rather than on when it stored an event, "
        + "so an event it stores after a later one was read is missed, and nothing published after until is ever collected; "
        + "leave until out (Okta's polling query) to keep collecting";

    public static void Check(ConfigNode config)
    {
        if (config.Child("query_params")?.Child("until")?.ScalarValue is { } until && until.Trim().Length > 0)
            config.Errors.Warn(config.ChildPath("query_params") + ".until", Why);
        else if (config.Child("url")?.ScalarValue is { } text && Uri.TryCreate(text, UriKind.Absolute, out var url) && HasUntil(url))
            config.Errors.Warn(config.ChildPath("url"), "its until " + Why);
    }

    private static bool HasUntil(Uri url) =>
        url.Query.TrimStart('?').Split('&').Any(p => p.StartsWith("until=", StringComparison.Ordinal) && p.Length > "until=".Length);
}
