using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.OnePassword;

/// <summary>
/// <c>type: onepassword</c>. The user writes <c>events</c>, <c>region</c> (or <c>url</c>) and a bearer
/// <c>auth</c>; everything else has a vendor default.
/// </summary>
public sealed class OnePasswordSourceType : ISourceType
{
    /// <summary>Look back one day on the very first run when <c>from</c> is not set.</summary>
    internal const long DefaultLookbackSecs = 86_400;

    internal static readonly IReadOnlyList<string> EventKinds = new[] { "auditevents", "signinattempts", "itemusages" };

    // The Events API host of each 1Password region (1Password Events API reference, "Servers").
    internal static readonly IReadOnlyDictionary<string, string> Regions = new Dictionary<string, string>
    {
        ["us"] = "https://events.1password.com",
        ["ent"] = "https://events.ent.1password.com",
        ["ca"] = "https://events.1password.ca",
        ["eu"] = "https://events.1password.eu",
    };

    public string Name => "onepassword";

    public string Description => "1Password Events API: POST with a reset cursor, then the stored cursor";

    public IReadOnlyList<ConfigKeyInfo> ConfigKeys => OnePasswordConfigKeys.All;

    public ISource? Create(ConfigNode config, SourceBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var events = config.Choice("events", EventKinds.ToArray(), required: true);
        var baseUrl = ReadBaseUrl(config);
        var from = config.Time("from");
        var lookback = config.Integer("lookback_secs", min: 1, max: 120 * 86_400);
        var limit = config.Integer("limit", min: 1, max: 1000);
        var maxPages = config.Integer("max_pages", min: 1, max: 100_000);
        var onCursorError = config.Choice("on_cursor_error", new[] { "reset", "fail" });
        IAuthenticator? auth = null;
        if (config.Mapping("auth", required: true) is { } authNode)
        {
            auth = AuthReader.Read(authNode, context.Environment);
            if (authNode.String("type") is { } type && type != "bearer" && AuthReader.BuiltInTypes.Contains(type))
                authNode.Fail("type", $"1Password's Events API takes a bearer token (an Events Reporting integration token), not '{type}'");
        }
        var endpoint = events is null || baseUrl is null ? null : EndpointOf(config, baseUrl, events);
        if (!config.Errors.HasErrors && events is not null && endpoint is not null && auth is not null)
            EventsToken.Check(config, config.Mapping("auth")!, endpoint, events, config.Has("url"), context.Environment);
        if (config.Errors.HasErrors || events is null || endpoint is null || auth is null) return null;
        var options = new OnePasswordOptions
        {
            Endpoint = endpoint,
            From = from,
            LookbackSecs = lookback ?? DefaultLookbackSecs,
            Limit = (int)(limit ?? 1000),
            MaxPages = (int)(maxPages ?? 50),
            ResetOnCursorError = onCursorError != "fail",
        };
        return new OnePasswordSource(options, auth);
    }

    // Upstream Helr configs and 1Password's examples give the endpoint's own URL (…/api/v2/auditevents):
    // appended to again, it asked for …/api/v2/auditevents/api/v2/auditevents and every cycle failed with 404.
    // 1Password keeps the V1 endpoints (same cursor paging) for integrations made before V2, so a url naming
    // /api/v1 keeps that version; the v3 beta is a GET with page tokens, which this source does not speak.
    private static Uri? EndpointOf(ConfigNode config, Uri baseUrl, string events)
    {
        var path = baseUrl.AbsolutePath.TrimEnd('/');
        var shown = $"'{baseUrl.Scheme}://{baseUrl.Authority}{baseUrl.AbsolutePath}'";
        var version = "v2";
        if (ApiVersionAt(path) is { } found)
        {
            var (at, named, rest) = found;
            if (rest.Length == 0 || rest.Equals(events, StringComparison.OrdinalIgnoreCase))
            {
                version = named;
                if (version is not ("v1" or "v2"))
                {
                    config.Fail("url", $"{shown} is the Events API {version}, which this source does not read (it POSTs cursors to the v1 or v2 endpoints): " +
                        $"give the Events API base URL, e.g. {Regions["us"]}");
                    return null;
                }
                path = path[..at];
            }
            else if (EventKinds.FirstOrDefault(k => k.Equals(rest, StringComparison.OrdinalIgnoreCase)) is { } other)
            {
                config.Fail("url", $"{shown} is the {other} endpoint, but events is {events}: give the Events API base URL, e.g. {Regions["us"]}");
                return null;
            }
        }
        return new Uri(baseUrl.GetLeftPart(UriPartial.Authority) + path + "/api/" + version + "/" + events);
    }

    // Where a path ends in /api/v<N> or /api/v<N>/<one segment>: the index of "/api", "v<N>" (lower case) and the segment.
    private static (int At, string Version, string Segment)? ApiVersionAt(string path)
    {
        var at = path.LastIndexOf("/api/v", StringComparison.OrdinalIgnoreCase);
        if (at < 0) return null;
        var tail = path[(at + "/api/".Length)..];
        var slash = tail.IndexOf('/');
        var (version, rest) = slash < 0 ? (tail, "") : (tail[..slash], tail[(slash + 1)..]);
        if (version.Length < 2 || version.AsSpan(1).ContainsAnyExceptInRange('0', '9') || rest.Contains('/')) return null;
        return (at, version.ToLowerInvariant(), rest);
    }

    private static Uri? ReadBaseUrl(ConfigNode config)
    {
        var region = config.Choice("region", Regions.Keys.ToArray());
        if (!config.Has("url")) return new Uri(Regions[region ?? "us"]);
        if (region is not null) config.Fail("url", "set either 'region' or 'url' (the Events API base URL), not both");
        var url = config.HttpUrl("url", null, "the Events API base URL, e.g. https://events.1password.com");
        // Dropped unsaid, a query written there (a limit, a start_time from a curl example) never applied.
        if (url is null || url.Query.Length == 0) return url;
        config.Fail("url", "the Events API takes no query (it reads limit and start_time from the POST body, which Helr writes): "
            + $"give the Events API base URL, e.g. {Regions["us"]}, and from or limit as keys of the source");
        return null;
    }
}
