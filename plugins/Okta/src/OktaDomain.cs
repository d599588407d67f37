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
        var first = domain.Split('.')[0];
        if (first.EndsWith("-admin", StringComparison.OrdinalIgnoreCase))
        {
            config.Fail("domain", $"'{domain}' is the admin console's domain; use the org domain ({first[..^"-admin".Length]}{domain[first.Length..]})");
            return null;
        }
        return domain;
    }
}
