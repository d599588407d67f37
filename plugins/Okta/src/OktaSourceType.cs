using System.Globalization;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Okta;

/// <summary>
/// <c>type: okta</c>: the System Log of the org at <c>domain</c>, polled with Okta's own next links.
/// Everything but <c>domain</c> and <c>auth</c> has a vendor default the user may override key by key.
/// </summary>
public sealed class OktaSourceType : ISourceType
{
    /// <summary>How far back the first cycle reaches when neither state nor <c>from</c> says: Okta's own default window.</summary>
    public static readonly TimeSpan DefaultLookback = TimeSpan.FromDays(7);

    public string Name => "okta";

    public string Description => "Okta System Log events (/api/v1/logs), SSWS API token or OAuth2";

    public IReadOnlyList<ConfigKeyInfo> ConfigKeys => OktaConfigKeys.All;

    public ISource? Create(ConfigNode config, SourceBuildContext context)
    {
        var domain = OktaDomain.Read(config);
        var auth = OktaAuth.Read(config, context.Environment);
        // Without a domain either url is set (it wins) or an error is recorded: the placeholder is never used.
        var defaults = Defaults(domain ?? "domain.invalid", context.Time.GetUtcNow().Subtract(DefaultLookback));
        // Upstream's Okta guide puts the start in query_params.since (or a url may carry it), which a default
        // from would replace on every first request: without a from of the user's, that since is where the first run starts.
        if (!config.Has("from") && (config.Child("query_params")?.Child("since") is not null || UrlHasSince(config)))
            defaults = defaults with { From = null };
        var options = DeclarativeReader.Read(config, defaults);
        OktaFrom.Check(config);
        OktaSortOrder.Check(config);
        OktaUntil.Check(config);
        OktaDomain.CheckUrls(config, domain);
        var vendor = new SourceDefaults
        {
            IdField = "uuid",
            TimestampField = "published",
            DedupeIdPath = "uuid",
            RateLimitHeaders = new RateLimitHeaderNames { Limit = "X-Rate-Limit-Limit", Remaining = "X-Rate-Limit-Remaining", Reset = "X-Rate-Limit-Reset" },
            AdaptiveRateLimit = true,
        };
        return config.Errors.HasErrors ? null : new DeclarativeSource(options, auth, vendor);
    }

    private static bool UrlHasSince(ConfigNode config) =>
        config.Child("url")?.ScalarValue is { } text && Uri.TryCreate(text, UriKind.Absolute, out var url)
        && url.Query.TrimStart('?').Split('&').Any(p => p == "since" || p.StartsWith("since=", StringComparison.Ordinal));

    /// <summary>What Okta's sources start from before the user's keys: also what <c>helr plugins inspect okta</c> shows.</summary>
    internal static DeclarativeOptions Defaults(string domain, DateTimeOffset from) => new()
    {
        Url = new Uri($"https://{domain}/api/v1/logs"),
        Pagination = new PaginationOptions { Strategy = PaginationStrategy.LinkHeader, MaxPages = 20, StopOnEmptyPage = true },
        // Okta caps limit at 1000; its default of 100 would cost ten times the requests.
        QueryParams = new[] { new KeyValuePair<string, string>("limit", "1000") },
        From = from.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        FromParam = "since",
        Watermark = new TrackedFieldOptions { StateKey = "watermark", EventPath = "published", Param = "since" },
    };
}
