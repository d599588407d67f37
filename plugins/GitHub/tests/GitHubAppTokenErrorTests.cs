using System.Security.Cryptography;
using Helr.Plugins.GitHub.Tests.Support;

namespace Helr.Plugins.GitHub.Tests;

/// <summary>
/// auth type github_app: what the cycle's error says when the installation token request goes wrong
/// (a wrong installation_id or app_id, a proxy's page instead of GitHub's answer).
/// </summary>
public sealed class GitHubAppTokenErrorTests : IDisposable
{
    private const string TokenPath = "/app/installations/7890123/access_tokens";
    private readonly RSA _appKey = RSA.Create(2048);

    public void Dispose() => _appKey.Dispose();

    private async Task<HarnessCycle> RunAsync(Func<RecordedRequest, FakeResponse> tokenAnswer)
    {
        await using var server = await FakeVendorServer.StartAsync();
        var api = new GitHubApi(server, "ghs_16C7e42F292c6912E7710c838347Ae178B4a").Page("", "audit-page2.json");
        server.OnPost(TokenPath, tokenAnswer);
        var env = new FakeEnvironment();
        env.Variables["GITHUB_APP_KEY"] = _appKey.ExportRSAPrivateKeyPem();
        using var harness = SourceHarness.Create(new GitHubSourceType(), $"""
            url: {api.Url}
            auth:
              type: github_app
              app_id: "123456"
              installation_id: "7890123"
              private_key_env: GITHUB_APP_KEY
            """, server, env);
        var cycle = await harness.RunCycleAsync();
        Assert.DoesNotContain(server.Requests, r => r.Path == GitHubApi.Path);
        Assert.Empty(cycle.Lines);
        return cycle;
    }

    // An SSO or captive proxy in front of GitHub Enterprise Server answering 200 with its own page: the
    // error was System.Text.Json's "'<' is an invalid start of a value", naming neither GitHub nor the token.
    [Fact]
    public async Task A_token_answer_that_is_not_json_is_a_credentials_error_naming_the_token_request()
    {
        var cycle = await RunAsync(_ => FakeResponse.Text("<html><body>Sign in to continue</body></html>", 200, "text/html"));

        Assert.NotNull(cycle.Error);
        Assert.Contains("cannot get credentials", cycle.Error);
        Assert.Contains($"installation token response from {TokenPath} is not JSON", cycle.Error);
        Assert.DoesNotContain("invalid start of a value", cycle.Error);
    }

    // GitHub's own words ("Not Found", "A JSON web token could not be decoded") name no setting.
    [Theory]
    [InlineData(404, "Not Found", "installation_id 7890123 is no installation of the App with app_id 123456")]
    [InlineData(401, "A JSON web token could not be decoded", "app_id 123456 must be the App's id or client ID, and the private key one of that App's keys")]
    public async Task A_refused_token_request_names_the_setting_githubs_answer_points_to(int status, string message, string hint)
    {
        var cycle = await RunAsync(_ => FakeResponse.Json($$"""{"message":"{{message}}","documentation_url":"https://docs.github.com/rest","status":"{{status}}"}""", status));

        Assert.NotNull(cycle.Error);
        Assert.Contains("cannot get credentials", cycle.Error);
        Assert.Contains($"failed: HTTP {status} {message}", cycle.Error);
        Assert.Contains(hint, cycle.Error);
        Assert.DoesNotContain("PRIVATE KEY", cycle.Error);
    }
}
