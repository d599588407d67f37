using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Gws;

/// <summary>
/// <c>type: gws</c>. The user writes <c>application</c> (Reports API) or <c>api: cloud_logging</c> with
/// <c>resource_names</c>, and <c>auth</c>; the window's lag has a default per application.
/// </summary>
public sealed class GwsSourceType : ISourceType
{
    internal const long DefaultLookbackSecs = 86_400;
    private const string ReportsPath = "/admin/reports/v1";

    public string Name => "gws";

    public string Description => "Google Workspace Reports API activities or Cloud Logging entries, in lag windows with overlap";

    public IReadOnlyList<ConfigKeyInfo> ConfigKeys => GwsConfigKeys.All;

    public ISource? Create(ConfigNode config, SourceBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var api = config.Choice("api", new[] { "reports", "cloud_logging" }) ?? "reports";
        var from = config.Time("from");
        var lookback = config.Integer("lookback_secs", min: 1, max: 400 * 86_400);
        var lag = config.Integer("lag_secs", min: 0, max: 7 * 86_400);
        var maxPages = config.Integer("max_pages", min: 1, max: 100_000);
        IAuthenticator? auth = null;
        if (config.Mapping("auth", required: true) is { } authNode)
        {
            auth = AuthReader.Read(authNode, context.Environment);
            if (auth is not null && authNode.String("type") == "google_service_account") CheckScopes(authNode, api);
        }
        var window = new WindowSettings
        {
            From = from,
            LookbackSecs = lookback ?? DefaultLookbackSecs,
            LagSecs = lag ?? 0,
            MaxPages = (int)(maxPages ?? 100),
        };
        return api == "cloud_logging"
            ? CloudLoggingReader.Read(config, auth, window, lag is not null)
            : ReadReports(config, auth, window, lag is not null);
    }

    private static ISource? ReadReports(ConfigNode config, IAuthenticator? auth, WindowSettings window, bool lagSet)
    {
        var application = SeveralApplications(config) ? null : config.Choice("application", Applications.LagSecs.Keys.Order(StringComparer.Ordinal).ToArray(), required: true);
        var userKey = config.String("user_key") ?? "all";
        if (userKey.Length == 0 || userKey.IndexOfAny(new[] { '/', '?', '#' }) >= 0)
            config.Fail("user_key", $"'{userKey}' is not a user key ('all', a user's email address or id)");
        var root = ReadRoot(config, "https://admin.googleapis.com", ReportsPath, null, "/admin/reports/",
            $"{ReportsPath}/activity/users/<user_key>/applications/<application> is appended to it, so write application and user_key instead of the whole endpoint");
        var maxResults = config.Integer("max_results", min: 1, max: 1000);
        var query = new List<KeyValuePair<string, string>>();
        if (config.String("event_name") is { } eventName) query.Add(new("eventName", eventName));
        if (config.String("filters") is { } filters) query.Add(new("filters", filters));
        if (config.String("customer_id") is { } customer) query.Add(new("customerId", customer));
        if (config.Errors.HasErrors || application is null || root is null || auth is null) return null;
        var endpoint = new Uri(root + ReportsPath + $"/activity/users/{Uri.EscapeDataString(userKey)}/applications/{application}");
        var defaults = new SourceDefaults
        {
            TimestampField = "id.time",
            // The activity key is id.time + id.uniqueQualifier; meta.id shows the qualifier, the overlap
            // memory (not the kernel's single-path dedupe) recognises repeats by both.
            IdField = "id.uniqueQualifier",
            IntervalSecs = 300,
            RetryableStatusCodes = GoogleRateLimits.RetryableStatusCodes,
            RateLimitClassifier = GoogleRateLimits.IsRateLimit,
        };
        var settings = (lagSet ? window : window with { LagSecs = Applications.LagSecs[application] })
            with { MaxWindow = Applications.MaxWindow.TryGetValue(application, out var max) ? max : null, MaxAge = Applications.Retention };
        if (!LookbackReachesPastLag(config, settings, lagSet, $"the default for application {application}")) return null;
        return new LagWindowSource(settings, new ReportsQuery(endpoint, (int)(maxResults ?? 1000), query), endpoint, "items", defaults, auth);
    }

    private const string GoogleScopes = "https://www.googleapis.com/auth/";

    /// <summary>
    /// A service account's token carries the scopes its assertion lists. One Google does not know (a scope
    /// written without its URL) is refused at the token endpoint (invalid_scope), and a token without the
    /// API's scope is refused by the API (HTTP 403): either way every cycle failed while helr validate
    /// passed. activities.list takes admin.reports.audit.readonly only; entries.list any of four.
    /// </summary>
    private static void CheckScopes(ConfigNode auth, string api)
    {
        var accepted = api == "cloud_logging"
            ? new[] { "logging.read", "logging.admin", "cloud-platform", "cloud-platform.read-only" }
            : new[] { "admin.reports.audit.readonly" };
        var scopes = auth.StringList("scopes") ?? Array.Empty<string>();
        if (scopes.Any(s => s.StartsWith(GoogleScopes, StringComparison.Ordinal) && accepted.Contains(s[GoogleScopes.Length..], StringComparer.Ordinal))) return;
        if (scopes.FirstOrDefault(s => accepted.Contains(s, StringComparer.Ordinal)) is { } bare)
        {
            auth.Fail("scopes", $"'{bare}' is not a scope Google knows: write the whole URL, {GoogleScopes}{bare}");
            return;
        }
        auth.Fail("scopes", api == "cloud_logging"
            ? "none of these scopes lets Cloud Logging be read (Google refuses the token, or the API answers HTTP 403, every cycle): "
              + $"list {GoogleScopes}logging.read (or logging.admin, cloud-platform, cloud-platform.read-only)"
            : "none of these scopes lets the Reports API be read (Google refuses the token, or the API answers HTTP 403, every cycle): "
              + $"list {GoogleScopes}admin.reports.audit.readonly, authorised for the service account's client id under domain-wide delegation");
    }

    // Each application is a stream of its own (windows, lag, page tokens), so several take a source each; a list,
    // or names run together, said only "expected a string" or "'login,admin' is not one of" the 31 names.
    private static bool SeveralApplications(ConfigNode config)
    {
        var node = config.Child("application");
        var names = node?.Kind == ConfigNodeKind.Sequence
            ? node.Items.Select(i => i.ScalarValue ?? "").ToArray()
            : node?.ScalarValue?.Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? Array.Empty<string>();
        if (node?.Kind != ConfigNodeKind.Sequence && (names.Length < 2 || !names.All(Applications.LagSecs.ContainsKey))) return false;
        config.Fail("application", "one application per source, as each is read in windows of its own: add a source for each"
            + (names.Length > 1 ? $" (application: {names[0]} in one, application: {names[1]} in another, …)" : ""));
        return true;
    }

    // Without from, a first window starts at now − lookback_secs and ends at now − lag_secs: when that start
    // is not before the end, each cycle plans the same empty window again, and the source never asks for anything.
    internal static bool LookbackReachesPastLag(ConfigNode config, WindowSettings settings, bool lagSet, string lagDefault)
    {
        if (settings.From is not null || settings.LookbackSecs > settings.LagSecs) return true;
        var lag = lagSet ? $"lag_secs ({settings.LagSecs})" : $"lag_secs ({settings.LagSecs}, {lagDefault})";
        config.Fail(config.Has("lookback_secs") ? "lookback_secs" : "lag_secs",
            $"lookback_secs ({settings.LookbackSecs}) is not longer than {lag}: the first window would start after it ends, so nothing would ever be collected; "
            + "make lookback_secs longer than lag_secs, or set from");
        return false;
    }

    /// <summary>
    /// The API root of <c>url</c> (scheme, host and any proxy path, no trailing slash), or null after an error
    /// on it. Google's references write each API's base with its version path (<c>…/admin/reports/v1</c>,
    /// <c>…/v2</c>) and upstream Helr configs the whole endpoint: taken as the base, the path was asked for
    /// twice and every cycle failed with HTTP 404 while <c>helr validate</c> passed; a query was dropped unsaid.
    /// </summary>
    /// <param name="config">The source.</param>
    /// <param name="fallback">The API's own host, also named in errors.</param>
    /// <param name="versionPath">The path the endpoint starts with, taken off a url ending in it.</param>
    /// <param name="endpointPath">The rest of an endpoint that names nothing the source's keys do (taken off too), or null.</param>
    /// <param name="endpointMarker">A path holding it names an endpoint the keys build: <paramref name="endpointError"/>.</param>
    /// <param name="endpointError">Why such a url is an error.</param>
    internal static string? ReadRoot(ConfigNode config, string fallback, string versionPath, string? endpointPath, string endpointMarker, string endpointError)
    {
        var url = config.HttpUrl("url", new Uri(fallback), $"the API base URL, e.g. {fallback}");
        if (url is null) return null;
        var path = url.AbsolutePath.TrimEnd('/');
        var why = url.Query.Length > 0 ? "it takes no query; write the API's parameters as the source's keys" : null;
        if (endpointPath is not null && path.EndsWith(versionPath + endpointPath, StringComparison.OrdinalIgnoreCase)) path = path[..^(versionPath + endpointPath).Length];
        else if (path.EndsWith(versionPath, StringComparison.OrdinalIgnoreCase)) path = path[..^versionPath.Length];
        else if (path.Contains(endpointMarker, StringComparison.OrdinalIgnoreCase)) why = endpointError;
        if (why is null) return url.GetLeftPart(UriPartial.Authority) + path;
        // Not echoed: a query may hold a key.
        config.Fail("url", $"is the API base URL (e.g. {fallback}): {why}");
        return null;
    }
}
