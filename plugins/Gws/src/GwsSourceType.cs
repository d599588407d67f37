using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Gws;

/// <summary>
/// <c>type: gws</c>. The user writes <c>application</c> and <c>auth</c>; the window's lag has a
/// default per application.
/// </summary>
public sealed class GwsSourceType : ISourceType
{
    internal const long DefaultLookbackSecs = 86_400;

    public string Name => "gws";

    public string Description => "Google Workspace Reports API activities, in lag windows with overlap";

    public ISource? Create(ConfigNode config, SourceBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var application = config.Choice("application", Applications.LagSecs.Keys.Order(StringComparer.Ordinal).ToArray(), required: true);
        var userKey = config.String("user_key") ?? "all";
        if (userKey.Length == 0 || userKey.IndexOfAny(new[] { '/', '?', '#' }) >= 0)
            config.Fail("user_key", $"'{userKey}' is not a user key ('all', a user's email address or id)");
        var baseUrl = ReadUrl(config);
        var from = ReadFrom(config);
        var lookback = config.Integer("lookback_secs", min: 1, max: 180 * 86_400);
        var lag = config.Integer("lag_secs", min: 0, max: 7 * 86_400);
        var maxResults = config.Integer("max_results", min: 1, max: 1000);
        var maxPages = config.Integer("max_pages", min: 1, max: 100_000);
        var query = new List<KeyValuePair<string, string>>();
        if (config.String("event_name") is { } eventName) query.Add(new("eventName", eventName));
        if (config.String("filters") is { } filters) query.Add(new("filters", filters));
        if (config.String("customer_id") is { } customer) query.Add(new("customerId", customer));
        IAuthenticator? auth = null;
        if (config.Mapping("auth", required: true) is { } authNode) auth = AuthReader.Read(authNode, context.Environment);
        if (config.Errors.HasErrors || application is null || baseUrl is null || auth is null) return null;
        var options = new GwsOptions
        {
            Endpoint = new Uri(baseUrl.GetLeftPart(UriPartial.Authority) + baseUrl.AbsolutePath.TrimEnd('/') +
                               $"/admin/reports/v1/activity/users/{Uri.EscapeDataString(userKey)}/applications/{application}"),
            From = from,
            LookbackSecs = lookback ?? DefaultLookbackSecs,
            LagSecs = lag ?? Applications.LagSecs[application],
            MaxResults = (int)(maxResults ?? 1000),
            MaxPages = (int)(maxPages ?? 100),
            QueryParams = query,
        };
        return new GwsSource(options, auth);
    }

    private static Uri? ReadUrl(ConfigNode config)
    {
        var url = config.String("url");
        if (url is null) return new Uri("https://admin.googleapis.com");
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http") return uri;
        config.Fail("url", $"'{url}' is not an http(s) URL (expected the API base URL, e.g. https://admin.googleapis.com)");
        return null;
    }

    private static DateTimeOffset? ReadFrom(ConfigNode config)
    {
        var text = config.String("from");
        if (text is null) return null;
        if (Rfc3339.Parse(text) is { } at) return at;
        config.Fail("from", $"'{text}' is not an RFC 3339 time (e.g. 2024-01-01T00:00:00Z)");
        return null;
    }
}
