using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.GitHub;

/// <summary>
/// <c>type: github</c>: the audit log of an <c>org</c> or an <c>enterprise</c>, with a PAT or a GitHub
/// App installation. Every other key has a vendor default.
/// </summary>
public sealed class GitHubSourceType : ISourceType
{
    private static readonly string[] IncludeValues = { "web", "git", "all" };
    // include only when the key is set too: alone in url it went out once, and worked.
    private static readonly string[] HelrParameters = { "phrase", "order", "per_page", "after", "before" };

    public string Name => "github";

    public string Description => "GitHub organization or enterprise audit log (PAT or GitHub App)";

    public IReadOnlyList<ConfigKeyInfo> ConfigKeys => GitHubConfigKeys.All;

    public ISource? Create(ConfigNode config, SourceBuildContext context)
    {
        var url = ReadUrl(config);
        var include = config.Choice("include", IncludeValues);
        var phrase = config.String("phrase");
        if (phrase is not null && phrase.Contains("created:", StringComparison.OrdinalIgnoreCase))
            config.Fail("phrase", "must not filter on created: Helr adds created:>= from its state to resume where it stopped");
        var pagination = config.Mapping("pagination");
        var maxPages = pagination?.Integer("max_pages", min: 1, max: 1_000_000);
        var perPage = config.Integer("per_page", min: 1, max: 100);
        var lag = config.Integer("lag_secs", min: 0, max: 86_400);
        var auth = GitHubAuth.Read(config, url, context.Environment);
        if (config.Errors.HasErrors || url is null) return null;
        return new GitHubSource(new GitHubOptions
        {
            Url = url,
            Include = include,
            Phrase = string.IsNullOrWhiteSpace(phrase) ? null : phrase.Trim(),
            PerPage = (int)(perPage ?? 100),
            MaxPages = (int)(maxPages ?? 15),
            Lag = lag is { } secs ? TimeSpan.FromSeconds(secs) : GitHubOptions.DefaultLag,
        }, auth);
    }

    // org or enterprise picks the endpoint; url (GitHub Enterprise Server, a proxy, a test) replaces it.
    private static Uri? ReadUrl(ConfigNode config)
    {
        var org = config.String("org");
        var enterprise = config.String("enterprise");
        var text = config.String("url");
        if (!string.IsNullOrEmpty(org) && !string.IsNullOrEmpty(enterprise))
        {
            config.Fail("enterprise", "set either org or enterprise, not both");
            return null;
        }
        if (text is not null)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                config.Fail("url", "is not an absolute http:// or https:// URL");
                return null;
            }
            // The audit log page's address in a browser: github.com answers the API's paths with its web pages, every cycle.
            if (url.IdnHost.Equals("github.com", StringComparison.OrdinalIgnoreCase) || url.IdnHost.Equals("www.github.com", StringComparison.OrdinalIgnoreCase))
            {
                config.Fail("url", "github.com serves GitHub's web pages, not its REST API: use https://api.github.com/orgs/<org>/audit-log "
                    + "(or /enterprises/<enterprise>/audit-log), or leave url out and set org or enterprise");
                return null;
            }
            // Sent again by Helr, the parameter went out twice: whichever GitHub took, the user's filter or the
            // traversal's created:>= was lost once a watermark was stored.
            string[] sent = config.Child("include") is null ? HelrParameters : [.. HelrParameters, "include"];
            if (QueryNames(url).FirstOrDefault(n => sent.Contains(n, StringComparer.OrdinalIgnoreCase)) is { } name)
            {
                var fix = name.ToLowerInvariant() switch
                {
                    "order" => "Helr always asks for order=asc",
                    "after" or "before" => "Helr follows GitHub's next links",
                    "include" => "the include key sets it",
                    var key => $"set {key} instead",
                };
                config.Fail("url", $"carries '{name}', which Helr sends itself: remove it from url ({fix})");
                return null;
            }
            return url;
        }
        if (!string.IsNullOrEmpty(org)) return Endpoint(config, "org", org, "orgs");
        if (!string.IsNullOrEmpty(enterprise)) return Endpoint(config, "enterprise", enterprise, "enterprises");
        config.Fail("org", "is required for type github (or set enterprise): the organization whose audit log to read");
        return null;
    }

    private static IEnumerable<string> QueryNames(Uri url) =>
        url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => Uri.UnescapeDataString(p.Split('=')[0]));

    private static Uri? Endpoint(ConfigNode config, string key, string name, string segment)
    {
        // GitHub's organization and enterprise names are ASCII letters, digits and hyphens; a '_' or '.'
        // would pass here only to 404 on every cycle.
        if (name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            config.Fail(key, $"'{name}' is not a GitHub {key} name (letters, digits and '-' only)");
            return null;
        }
        return new Uri($"https://api.github.com/{segment}/{name}/audit-log");
    }
}
