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
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)) return url;
            config.Fail("url", "is not an absolute http:// or https:// URL");
            return null;
        }
        if (!string.IsNullOrEmpty(org)) return Endpoint(config, "org", org, "orgs");
        if (!string.IsNullOrEmpty(enterprise)) return Endpoint(config, "enterprise", enterprise, "enterprises");
        config.Fail("org", "is required for type github (or set enterprise): the organization whose audit log to read");
        return null;
    }

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
