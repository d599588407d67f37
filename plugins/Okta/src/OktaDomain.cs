using Helr.PluginSdk.Config;

namespace Helr.Plugins.Okta;

/// <summary>Reads and checks <c>domain</c>: the org's host name, the part of the URL the user knows.</summary>
internal static class OktaDomain
{
    public static string? Read(ConfigNode config)
    {
        var domain = config.String("domain")?.Trim();
        if (string.IsNullOrEmpty(domain))
        {
            if (!config.Has("url")) config.Fail("domain", "is required for type okta: your org's domain, e.g. acme.okta.com");
            return null;
        }
        if (domain.Contains("://", StringComparison.Ordinal) || domain.Contains('/'))
        {
            config.Fail("domain", $"'{domain}' should be a host name only, e.g. acme.okta.com (no scheme or path)");
            return null;
        }
        if (Uri.CheckHostName(domain) != UriHostNameType.Dns)
        {
            config.Fail("domain", $"'{domain}' is not a host name, e.g. acme.okta.com");
            return null;
        }
        // The admin console's host serves no API; requests there fail with confusing redirects.
        if (OrgOfAdminHost(domain) is { } org)
        {
            config.Fail("domain", $"'{domain}' is the admin console's domain; use the org domain ({org})");
            return null;
        }
        return domain;
    }

    /// <summary>
    /// Refuses the admin console's host in <c>url</c> and <c>auth.token_url</c> as in <c>domain</c>: Okta
    /// answers it with a 404 or a redirect (upstream's guide names it the first cause of a failing token request), every cycle.
    /// So are plain http to an Okta org, a <c>url</c> there that is not the System Log, and a <c>token_url</c>
    /// of a custom authorization server or of another org: each passed <c>helr validate</c> and then failed every cycle.
    /// </summary>
    public static void CheckUrls(ConfigNode config, string? domain)
    {
        var url = CheckUrl(config, "url");
        if (url is not null) CheckSystemLogPath(config, url);
        if (config.Child("auth") is not { Kind: ConfigNodeKind.Mapping } auth || CheckUrl(auth, "token_url") is not { } tokenUrl) return;
        CheckAuthorizationServer(auth, tokenUrl);
        CheckSameOrg(auth, tokenUrl, url?.Host ?? domain);
    }

    // The URL when its host is no admin console's and plain http is no mistake.
    private static Uri? CheckUrl(ConfigNode node, string key)
    {
        if (node.Child(key)?.ScalarValue is not { } text || !Uri.TryCreate(text, UriKind.Absolute, out var url)) return null;
        // The host only: the URL may carry user info.
        if (OrgOfAdminHost(url.Host) is { } org)
        {
            node.Fail(key, $"'{url.Host}' is the admin console's domain, which serves no API; use the org domain ({org})");
            return null;
        }
        if (url.Scheme != Uri.UriSchemeHttp || url.IsLoopback) return url;
        // Okta answers http with a redirect to https, another origin, which Helr follows without the
        // credentials: the token crossed the network in clear text and the answer is a 401, every cycle.
        if (IsOktaHost(url.Host))
        {
            node.Fail(key, $"'http://{url.Host}' is plain http: Okta answers only https, redirecting there without the credentials Helr sent in clear text "
                + $"(a 401 every cycle); use https://{url.Host}");
            return null;
        }
        // A token_url over http is warned of by the SDK's OAuth2 reader.
        if (key == "url")
            node.Errors.Warn(node.ChildPath(key), "plain http to another machine: the API token would cross the network unencrypted; use https");
        return url;
    }

    /// <summary>
    /// Refuses a custom authorization server's token endpoint (<c>/oauth2/default/v1/token</c>, upstream's guide's
    /// other token URL): Okta grants its own API's scopes (<c>okta.logs.read</c>) only through the org authorization
    /// server, so its token requests failed with <c>invalid_scope</c>, or its tokens with a 401, every cycle.
    /// </summary>
    private static void CheckAuthorizationServer(ConfigNode auth, Uri tokenUrl)
    {
        var segments = tokenUrl.AbsolutePath.Trim('/').Split('/');
        if (segments is not ["oauth2", var server, "v1", "token"] || server == "v1") return;
        var org = new UriBuilder(tokenUrl) { Path = "/oauth2/v1/token", Query = "", Fragment = "", UserName = "", Password = "" }.Uri;
        auth.Fail("token_url", $"'{tokenUrl.AbsolutePath}' is a custom authorization server's token endpoint, whose tokens Okta's own API (the System Log) refuses; "
            + $"use the org authorization server's: {org.GetLeftPart(UriPartial.Path)}");
    }

    /// <summary>
    /// An Okta org serves the System Log at <c>/api/v1/logs</c> only: a <c>url</c> of the org itself
    /// (<c>https://acme.okta.com</c>, the org URL written where <c>domain</c> was meant) got a sign-in page,
    /// another path a 404, every cycle. Doubled and trailing slashes, which a server may fold, are not judged.
    /// A proxy's path is its own.
    /// </summary>
    private static void CheckSystemLogPath(ConfigNode config, Uri url)
    {
        if (!IsOktaHost(url.Host) || string.Join('/', url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)) == SystemLogPath[1..]) return;
        config.Fail("url", $"'{url.AbsolutePath}' is not the System Log on an Okta org; use https://{url.Authority}{SystemLogPath} (or domain: {url.Host} without url)");
    }

    /// <summary>
    /// A token from another org's authorization server (a preview org's beside production, most likely)
    /// is refused by this org's System Log (a 401 every cycle). Only two Okta hosts are compared: a custom
    /// domain may front either.
    /// </summary>
    private static void CheckSameOrg(ConfigNode auth, Uri tokenUrl, string? systemLogHost)
    {
        if (systemLogHost is null || !IsOktaHost(systemLogHost) || !IsOktaHost(tokenUrl.Host)
            || string.Equals(systemLogHost, tokenUrl.Host, StringComparison.OrdinalIgnoreCase)) return;
        auth.Fail("token_url", $"'{tokenUrl.Host}' is another Okta org than the System Log's ({systemLogHost}), whose API refuses its tokens (401); "
            + $"use https://{systemLogHost}/oauth2/v1/token");
    }

    private const string SystemLogPath = "/api/v1/logs";

    // Okta's cells (production, preview, EMEA, US government): an org is a subdomain of one.
    private static readonly string[] OktaDomains = [".okta.com", ".oktapreview.com", ".okta-emea.com", ".okta-gov.com", ".okta.mil"];

    private static bool IsOktaHost(string host) =>
        OktaDomains.Any(d => host.Length > d.Length && host.EndsWith(d, StringComparison.OrdinalIgnoreCase));

    // acme-admin.okta.com → acme.okta.com; null for any other host.
    private static string? OrgOfAdminHost(string host)
    {
        var first = host.Split('.')[0];
        return first.Length > "-admin".Length && first.EndsWith("-admin", StringComparison.OrdinalIgnoreCase)
            ? first[..^"-admin".Length] + host[first.Length..] : null;
    }
}
