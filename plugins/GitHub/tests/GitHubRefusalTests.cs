using Helr.Plugins.GitHub.Tests.Support;

namespace Helr.Plugins.GitHub.Tests;

/// <summary>
/// GitHub's 404 and 403 answers to the audit log: the cycle's error says what GitHub may mean by them
/// (a wrong name, no Enterprise Cloud, a token short of a scope), which its bare "Not Found" does not.
/// </summary>
public sealed class GitHubRefusalTests
{
    private const string NotFound = """{"message":"Not Found","documentation_url":"https://docs.github.com/rest/orgs/orgs#get-the-audit-log-for-an-organization","status":"404"}""";

    [Fact]
    public async Task A_404_for_an_org_names_the_org_enterprise_cloud_and_the_scope_the_token_needs()
    {
        var api = new GitHubApi(await FakeVendorServer.StartAsync());
        await using var _ = api.Server;
        api.Page("", _ => FakeResponse.Json(NotFound, 404));
        using var harness = SourceHarness.Create(new GitHubSourceType(), GitHubApi.Yaml(api.Url), api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        Assert.Contains("HTTP 404", cycle.Error);
        Assert.Contains("(GitHub: Not Found) for the audit log of organization 'octo-corp'", cycle.Error);
        Assert.Contains("Enterprise Cloud", cycle.Error);
        Assert.Contains("read:audit_log", cycle.Error);
        Assert.Contains("set enterprise instead of org", cycle.Error);
        Assert.DoesNotContain(FakeEnvironment.Token, cycle.Error);
        Assert.Single(cycle.Requests);
        Assert.Empty(cycle.Lines);
    }

    [Fact]
    public async Task The_error_shows_no_password_of_the_url()
    {
        var api = new GitHubApi(await FakeVendorServer.StartAsync());
        await using var _ = api.Server;
        api.Page("", _ => FakeResponse.Json(NotFound, 404));
        var url = api.Url.Replace("http://", "http://proxyuser:proxy-pw-4711@", StringComparison.Ordinal);
        using var harness = SourceHarness.Create(new GitHubSourceType(), GitHubApi.Yaml(url), api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        Assert.Contains("for the audit log of organization 'octo-corp'", cycle.Error);
        Assert.DoesNotContain("proxy-pw-4711", cycle.Error);
    }

    // An org's name written as enterprise (or a slug mistyped): GitHub's 404 said nothing of it.
    [Fact]
    public async Task A_404_for_an_enterprise_says_an_organization_is_set_with_org()
    {
        await using var server = await FakeVendorServer.StartAsync();
        server.OnGet("/enterprises/octo-corp/audit-log", _ => FakeResponse.Json(NotFound, 404));
        using var harness = SourceHarness.Create(new GitHubSourceType(), GitHubApi.Yaml(server.Url("/enterprises/octo-corp/audit-log")), server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        Assert.Contains("for the audit log of enterprise 'octo-corp'", cycle.Error);
        Assert.Contains("for an organization, set org instead", cycle.Error);
        Assert.Contains("enterprise owner's classic token with the read:audit_log scope", cycle.Error);
    }

    [Fact]
    public async Task A_403_for_a_token_short_of_the_permission_names_githubs_message_and_what_the_token_needs()
    {
        var api = new GitHubApi(await FakeVendorServer.StartAsync());
        await using var _ = api.Server;
        api.Page("", _ => PluginTestFiles.Json("error-not-accessible.json", 403));
        using var harness = SourceHarness.Create(new GitHubSourceType(), GitHubApi.Yaml(api.Url), api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        Assert.Contains("(GitHub: Resource not accessible by personal access token)", cycle.Error);
        Assert.Contains("\"Administration: read\"", cycle.Error);
        Assert.Single(cycle.Requests);
    }

    [Fact]
    public async Task A_403_for_a_token_not_authorized_for_saml_sso_says_to_authorize_it()
    {
        var api = new GitHubApi(await FakeVendorServer.StartAsync());
        await using var _ = api.Server;
        api.Page("", _ => FakeResponse.Json("""{"message":"Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.","documentation_url":"https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/","status":"403"}""", 403));
        using var harness = SourceHarness.Create(new GitHubSourceType(), GitHubApi.Yaml(api.Url), api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        Assert.Contains("authorize the token for the organization's SAML single sign-on", cycle.Error);
        Assert.DoesNotContain("read:audit_log", cycle.Error);
    }

    // A rate limit that outlasted the retries is no missing permission.
    [Fact]
    public async Task A_rate_limit_403_left_after_the_retries_gets_no_permission_hint()
    {
        var api = new GitHubApi(await FakeVendorServer.StartAsync());
        await using var _ = api.Server;
        api.Page("", _ => PluginTestFiles.Json("error-secondary-rate-limit.json", 403).WithHeader("Retry-After", "1"));
        using var harness = SourceHarness.Create(new GitHubSourceType(),
            GitHubApi.Yaml(api.Url, "resilience:\n  retries:\n    max_attempts: 1"), api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        Assert.Contains("secondary rate limit", cycle.Error);
        Assert.DoesNotContain("read:audit_log", cycle.Error);
    }
}
