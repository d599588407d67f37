using System.Security.Cryptography;
using Helr.Plugins.GitHub.Tests.Support;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.GitHub.Tests;

/// <summary>The github source type's own keys: errors name the key path and the fix.</summary>
public sealed class GitHubValidationTests
{
    private const string Auth = "\"auth\": {\"type\": \"bearer\", \"token_env\": \"GITHUB_TOKEN\"}";

    private static (ISource? Source, IReadOnlyList<string> Errors) Create(string json, string? appKey = null)
    {
        var config = ConfigTree.Source(json);
        var environment = new FakeEnvironment();
        if (appKey is not null) environment.Variables["GITHUB_APP_KEY"] = appKey;
        var source = new GitHubSourceType().Create(config, new SourceBuildContext { SourceId = "s", Environment = environment });
        config.ReportUnknownKeys();
        return (source, config.Messages());
    }

    [Fact]
    public void An_org_and_a_token_are_all_a_user_writes()
    {
        var (source, errors) = Create("{\"org\": \"octo-corp\", " + Auth + "}");
        Assert.Empty(errors);
        Assert.Equal("https://api.github.com/", Assert.Single(source!.CredentialOrigins).AbsoluteUri);
        var first = source.BeginCycle(new CycleContext { SourceId = "s", State = new EmptyState(), Sender = null!, Log = null! }).First!;
        Assert.Equal("https://api.github.com/orgs/octo-corp/audit-log?order=asc&per_page=100", first.Url.AbsoluteUri);
        Assert.Equal("_document_id", source.Defaults.IdField);
        Assert.Equal("@timestamp", source.Defaults.TimestampField);
        Assert.Contains(403, source.Defaults.RetryableStatusCodes!);
        Assert.Equal("x-ratelimit-remaining", source.Defaults.RateLimitHeaders!.Remaining);
    }

    [Fact]
    public void An_enterprise_reads_the_enterprise_audit_log()
    {
        var (source, errors) = Create("{\"enterprise\": \"octo-business\", " + Auth + "}");
        Assert.Empty(errors);
        var first = source!.BeginCycle(new CycleContext { SourceId = "s", State = new EmptyState(), Sender = null!, Log = null! }).First!;
        Assert.StartsWith("https://api.github.com/enterprises/octo-business/audit-log?", first.Url.AbsoluteUri);
    }

    [Fact]
    public void Org_is_required()
    {
        var (source, errors) = Create("{" + Auth + "}");
        Assert.Null(source);
        Assert.Equal(new[] { "sources.s.org: is required for type github (or set enterprise): the organization whose audit log to read" }, errors);
    }

    // Helr writes these on every traversal's first request: one already in url went out twice (phrase=action:repo&phrase=created:>=…),
    // and whichever GitHub took, the user's filter or Helr's created:>= was lost from the second traversal on.
    [Theory]
    [InlineData("phrase=action:repo.create", "phrase", "set phrase instead")]
    [InlineData("include=all\", \"include\": \"git", "include", "the include key sets it")]
    [InlineData("per_page=50", "per_page", "set per_page instead")]
    [InlineData("order=desc", "order", "Helr always asks for order=asc")]
    [InlineData("after=MTYwMTkx", "after", "Helr follows GitHub's next links")]
    public void A_url_carrying_a_parameter_helr_sends_is_refused_naming_the_key_to_use(string query, string name, string fix)
    {
        var (source, errors) = Create("{\"url\": \"https://ghes.example.com/api/v3/orgs/octo-corp/audit-log?" + query + "\", " + Auth + "}");
        Assert.Null(source);
        var error = Assert.Single(errors);
        Assert.StartsWith($"sources.s.url: carries '{name}', which Helr sends itself", error);
        Assert.Contains(fix, error);
    }

    // include alone in url went out once: it worked, and goes on working.
    [Theory]
    [InlineData("via=proxy")]
    [InlineData("include=all")]
    public void A_url_with_another_parameter_is_taken(string query)
    {
        var (source, errors) = Create("{\"url\": \"https://ghes.example.com/api/v3/orgs/octo-corp/audit-log?" + query + "\", " + Auth + "}");
        Assert.Empty(errors);
        var first = source!.BeginCycle(new CycleContext { SourceId = "s", State = new EmptyState(), Sender = null!, Log = null! }).First!;
        Assert.Equal($"https://ghes.example.com/api/v3/orgs/octo-corp/audit-log?{query}&order=asc&per_page=100", first.Url.AbsoluteUri);
    }

    // The address of the audit log page in a browser: validate took it, and every cycle failed on github.com's
    // web pages (the REST API is api.github.com), with nothing naming url.
    [Theory]
    [InlineData("https://github.com/orgs/octo-corp/audit-log")]
    [InlineData("https://github.com/organizations/octo-corp/settings/audit-log")]
    [InlineData("https://www.GitHub.com/enterprises/octo-ent/audit-log")]
    public void A_url_on_githubs_web_host_is_refused_naming_the_api_host(string url)
    {
        var (source, errors) = Create("{\"url\": \"" + url + "\", " + Auth + "}");
        Assert.Null(source);
        Assert.Equal(new[] { "sources.s.url: github.com serves GitHub's web pages, not its REST API: use https://api.github.com/orgs/<org>/audit-log "
            + "(or /enterprises/<enterprise>/audit-log), or leave url out and set org or enterprise" }, errors);
    }

    // GitHub's own pages say organization; too far from org for a typo hint, it got none.
    [Fact]
    public void Organization_written_out_is_pointed_to_org()
    {
        var (source, errors) = Create("{\"organization\": \"octo-corp\", " + Auth + "}");
        Assert.Null(source);
        Assert.Contains("sources.s.organization: unknown key; did you mean 'org'?", errors);
    }

    [Fact]
    public void An_unknown_include_lists_the_allowed_values()
    {
        var (_, errors) = Create("{\"org\": \"octo-corp\", \"include\": \"webb\", " + Auth + "}");
        Assert.Equal(new[] { "sources.s.include: 'webb' is not one of: web, git, all; did you mean 'web'?" }, errors);
    }

    [Theory]
    [InlineData("{\"org\": \"a\", \"enterprise\": \"b\", " + Auth + "}", "sources.s.enterprise: set either org or enterprise, not both")]
    [InlineData("{\"org\": \"octo corp\", " + Auth + "}", "sources.s.org: 'octo corp' is not a GitHub org name")]
    [InlineData("{\"org\": \"a\", \"phrase\": \"created:>2024-01-01\", " + Auth + "}", "sources.s.phrase: must not filter on created:")]
    [InlineData("{\"org\": \"a\", \"per_page\": 500, " + Auth + "}", "sources.s.per_page:")]
    [InlineData("{\"org\": \"a\"}", "sources.s.auth: is required for type github")]
    [InlineData("{\"org\": \"a\", \"auth\": {\"type\": \"github_app\", \"app_id\": \"1\"}}", "sources.s.auth.installation_id: required")]
    public void A_wrong_key_says_what_to_write(string json, string expected)
    {
        var (source, errors) = Create(json);
        Assert.Null(source);
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("org", "octo_corp")]
    [InlineData("org", "octo.corp")]
    [InlineData("enterprise", "octo_ent")]
    [InlineData("enterprise", "octo.ent")]
    public void A_name_with_a_character_github_does_not_allow_is_refused_as_the_message_says(string key, string name)
    {
        var (source, errors) = Create($"{{\"{key}\": \"{name}\", " + Auth + "}");
        Assert.Null(source);
        Assert.Equal(new[] { $"sources.s.{key}: '{name}' is not a GitHub {key} name (letters, digits and '-' only)" }, errors);
    }

    [Theory]
    [InlineData("org", "Octo-Corp-2")]
    [InlineData("enterprise", "octo-ent")]
    public void A_name_of_letters_digits_and_hyphens_is_taken(string key, string name)
    {
        var (source, errors) = Create($"{{\"{key}\": \"{name}\", " + Auth + "}");
        Assert.Empty(errors);
        Assert.NotNull(source);
    }

    [Fact]
    public void A_mistyped_auth_type_is_told_that_github_app_is_one_of_the_types()
    {
        var (source, errors) = Create("{\"org\": \"a\", \"auth\": {\"type\": \"github-app\", \"app_id\": \"1\", \"installation_id\": \"2\", \"private_key_env\": \"GITHUB_TOKEN\"}}");
        Assert.Null(source);
        Assert.Equal(new[] { "sources.s.auth.type: 'github-app' is not one of: bearer, api_key, basic, oauth2, google_service_account, github_app; did you mean 'github_app'?" }, errors);
    }

    [Fact]
    public void The_github_app_type_is_read_in_any_case_as_the_other_auth_types_are()
    {
        using var key = RSA.Create(2048);
        var (source, errors) = Create("{\"org\": \"a\", \"auth\": {\"type\": \"GitHub_App\", \"app_id\": \"1\", \"installation_id\": \"2\", \"private_key_env\": \"GITHUB_APP_KEY\"}}",
            key.ExportRSAPrivateKeyPem());
        Assert.Empty(errors);
        Assert.Equal("GitHubAppAuthenticator", source!.Authenticator!.GetType().Name);
    }

    // A variable holding the key's path, or a token, passed validate and then failed every cycle.
    [Theory]
    [InlineData("/etc/helr/github-app.pem")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\\nMIIEpAIBAAKCAQEA\\n-----END RSA PRIVATE KEY-----")]
    public void A_private_key_that_is_no_rsa_key_is_an_error_naming_the_setting(string value)
    {
        var (source, errors) = Create("{\"org\": \"a\", \"auth\": {\"type\": \"github_app\", \"app_id\": \"1\", \"installation_id\": \"2\", \"private_key_env\": \"GITHUB_APP_KEY\"}}", value);
        Assert.Null(source);
        Assert.Equal(new[] { "sources.s.auth.private_key_env: the GitHub App private key is not a PEM RSA private key (download it from the App's settings page)" }, errors);
    }

    [Fact]
    public void A_private_key_pasted_into_one_variable_with_literal_line_breaks_is_a_key()
    {
        using var key = RSA.Create(2048);
        var (source, errors) = Create("{\"org\": \"a\", \"auth\": {\"type\": \"github_app\", \"app_id\": \"1\", \"installation_id\": \"2\", \"private_key_env\": \"GITHUB_APP_KEY\"}}",
            key.ExportRSAPrivateKeyPem().Replace("\n", "\\n", StringComparison.Ordinal));
        Assert.Empty(errors);
        Assert.NotNull(source);
    }

    [Fact]
    public void Plugin_names_itself_and_its_source_type()
    {
        var plugin = new GitHubPlugin();
        Assert.Equal("github", plugin.Info.Name);
        Assert.Equal("0.1.2", plugin.Info.Version);
        Assert.Equal("github", Assert.Single(plugin.SourceTypes).Name);
    }

    private sealed class EmptyState : ISourceState
    {
        public string? Get(string key) => null;
    }
}
