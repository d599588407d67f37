using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Gws;

/// <summary>The keys of <c>type: gws</c> with <c>api: cloud_logging</c> (Cloud Logging entries.list).</summary>
internal static class CloudLoggingReader
{
    internal const long DefaultLagSecs = 120;

    public static ISource? Read(ConfigNode config, IAuthenticator? auth, WindowSettings window, bool lagSet)
    {
        var names = config.StringList("resource_names", required: true);
        if (names is { Count: 0 }) config.Fail("resource_names", "list at least one resource (e.g. projects/my-project)");
        foreach (var name in names ?? Array.Empty<string>())
            if (!name.StartsWith("projects/", StringComparison.Ordinal) && !name.StartsWith("organizations/", StringComparison.Ordinal) &&
                !name.StartsWith("folders/", StringComparison.Ordinal) && !name.StartsWith("billingAccounts/", StringComparison.Ordinal))
                config.Fail("resource_names", $"'{name}' is not a resource name (projects/…, organizations/…, folders/… or billingAccounts/…)");
        var filter = config.String("filter");
        var pageSize = config.Integer("page_size", min: 1, max: 1000);
        var root = GwsSourceType.ReadRoot(config, "https://logging.googleapis.com", "/v2", "/entries:list", "/entries:",
            "/v2/entries:list is appended to it, so write the base URL only");
        if (config.Errors.HasErrors || names is null || root is null || auth is null) return null;
        var endpoint = new Uri(root + "/v2/entries:list");
        var query = new EntriesQuery(endpoint, names, filter, (int)(pageSize ?? 1000));
        var defaults = new SourceDefaults
        {
            TimestampField = "timestamp",
            IdField = "insertId",
            IntervalSecs = 60,
            RetryableStatusCodes = GoogleRateLimits.RetryableStatusCodes,
            RateLimitClassifier = GoogleRateLimits.IsRateLimit,
        };
        var settings = lagSet ? window : window with { LagSecs = DefaultLagSecs };
        if (!GwsSourceType.LookbackReachesPastLag(config, settings, lagSet, "the default for cloud_logging")) return null;
        return new LagWindowSource(settings, query, endpoint, "entries", defaults, auth);
    }
}
