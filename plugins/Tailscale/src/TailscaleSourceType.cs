using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Tailscale;

/// <summary>
/// <c>type: tailscale</c>. The user writes <c>tailnet</c>, <c>log</c> and <c>auth</c> (the API key as
/// the Basic user with no password, or as a bearer token).
/// </summary>
public sealed class TailscaleSourceType : ISourceType
{
    internal const long DefaultLagSecs = 60;
    internal const long DefaultMaxWindowSecs = 3_600;
    internal const long DefaultLookbackSecs = 86_400;
    internal const string DefaultUrl = "https://api.tailscale.com";

    public string Name => "tailscale";

    public string Description => "Tailscale configuration audit or network flow logs, in [start, end) windows";

    public IReadOnlyList<ConfigKeyInfo> ConfigKeys => TailscaleConfigKeys.All;

    public ISource? Create(ConfigNode config, SourceBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var tailnet = config.String("tailnet", required: true);
        // An empty one is reported by String already.
        if (tailnet?.IndexOfAny(new[] { '/', '?', '#' }) >= 0)
            config.Fail("tailnet", $"'{tailnet}' is not a tailnet name (e.g. example.com, or '-' for the API key's own tailnet)");
        var log = config.Choice("log", new[] { "configuration", "network" }, required: true);
        var baseUrl = config.HttpUrl("url", new Uri(DefaultUrl), $"the API base URL, e.g. {DefaultUrl}");
        if (baseUrl is not null && NotABase(baseUrl) is { } why) config.Fail("url", $"is the API base URL (e.g. {DefaultUrl}): {why}");
        var from = config.Time("from");
        var lookback = config.Integer("lookback_secs", min: 1, max: 90 * 86_400);
        var lag = config.Integer("lag_secs", min: 0, max: 86_400);
        var maxWindow = config.Integer("max_window_secs", min: 1, max: 90 * 86_400);
        var maxPages = config.Integer("max_pages", min: 1, max: 100_000);
        IAuthenticator? auth = null;
        if (config.Mapping("auth", required: true) is { } authNode)
        {
            auth = AuthReader.Read(authNode, context.Environment);
            var type = authNode.String("type");
            if (type == "api_key")
                authNode.Fail("type", "Tailscale takes the API key as 'basic' (user_env, no password) or 'bearer' (token_env), not 'api_key'");
            if (auth is not null && log is not null && type == "oauth2") CheckScopes(authNode, log);
        }
        // Without from, the first window runs from now − lookback_secs to now − lag_secs: starting after it
        // ends, each cycle would plan nothing, and the source would never ask for anything.
        var (lookbackSecs, lagSecs) = (lookback ?? DefaultLookbackSecs, lag ?? DefaultLagSecs);
        if (from is null && lookbackSecs <= lagSecs)
            config.Fail(lookback is not null ? "lookback_secs" : "lag_secs",
                $"lookback_secs ({lookbackSecs}{(lookback is null ? ", the default" : "")}) is not longer than lag_secs ({lagSecs}{(lag is null ? ", the default" : "")}): "
                + "the first window would start after it ends, so nothing would ever be collected; make lookback_secs longer than lag_secs, or set from");
        if (config.Errors.HasErrors || tailnet is null || log is null || baseUrl is null || auth is null) return null;
        var options = new TailscaleOptions
        {
            Endpoint = new Uri(ApiRoot(baseUrl) + $"/api/v2/tailnet/{Uri.EscapeDataString(tailnet)}/logging/{log}"),
            TimeField = log == "network" ? "logged" : "eventTime",
            From = from,
            LookbackSecs = lookbackSecs,
            LagSecs = lagSecs,
            MaxWindowSecs = maxWindow ?? DefaultMaxWindowSecs,
            MaxPages = (int)(maxPages ?? 100),
        };
        return new TailscaleSource(options, auth);
    }

    // The README's OAuth example lists logs:configuration:read: copied for log: network (or the other way round),
    // the token could not read the log and every cycle failed with HTTP 403 while helr validate passed. Only a
    // list of log scopes none of which names this log is refused: Tailscale's other scopes (all:read, …) change.
    private static void CheckScopes(ConfigNode auth, string log)
    {
        var scopes = auth.StringList("scopes");
        if (scopes is not { Count: > 0 } || !scopes.All(s => s.StartsWith("logs:", StringComparison.Ordinal))) return;
        if (scopes.Any(s => s.StartsWith($"logs:{log}", StringComparison.Ordinal))) return;
        auth.Fail("scopes", $"the scopes name only another log than log: {log}, so the token could not read it (HTTP 403 every cycle): list logs:{log}:read");
    }

    // Upstream's configs write the whole endpoint, window included: taken as the base it asked for
    // …/logging/network/api/v2/tailnet/… (404 every cycle), and a query on the base was never sent.
    private static string? NotABase(Uri url)
    {
        if (url.AbsolutePath.Contains("/tailnet/", StringComparison.OrdinalIgnoreCase))
            return "/api/v2/tailnet/<tailnet>/logging/<log> is appended to it, so write tailnet and log instead of the whole endpoint";
        return url.Query.Length > 0 ? "it takes no query; start and end are set for each window" : null;
    }

    // Tailscale's API reference names https://api.tailscale.com/api/v2 its base URL: written so, it asked
    // for /api/v2/api/v2/… and every cycle failed with 404 while helr validate passed.
    private static string ApiRoot(Uri baseUrl)
    {
        var path = baseUrl.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/api/v2", StringComparison.OrdinalIgnoreCase)) path = path[..^"/api/v2".Length];
        return baseUrl.GetLeftPart(UriPartial.Authority) + path;
    }
}
