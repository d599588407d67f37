using Helr.PluginSdk.Config;

namespace Helr.Plugins.Okta;

/// <summary>
/// Warns of <c>query_params.sortOrder: DESCENDING</c>: Okta then answers a bounded query, which filters
/// <c>since</c> on <c>published</c>, not on when an event was stored as its (ascending) polling query does;
/// each cycle starts at the newest <c>published</c> seen, so an event Okta stores after a later-published
/// one was read is never asked for again.
/// </summary>
internal static class OktaSortOrder
{
    public static void Check(ConfigNode config)
    {
        if (config.Child("query_params")?.Child("sortOrder")?.ScalarValue is not { } order
            || !order.Trim().Equals("DESCENDING", StringComparison.OrdinalIgnoreCase)) return;
        config.Errors.Warn(config.ChildPath("query_params") + ".sortOrder",
            "DESCENDING is no polling query for Okta: since then filters on published time, so an event Okta stores after a later one "
            + "was read is missed; leave sortOrder out (ASCENDING, Okta's polling order)");
    }
}
