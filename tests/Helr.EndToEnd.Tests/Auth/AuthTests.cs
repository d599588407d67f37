using System.Text;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Auth;

/// <summary>Each auth type puts exactly the expected header on every request.</summary>
public sealed class AuthTests
{
    private static async Task<IReadOnlyList<RecordedRequest>> CollectAsync(string auth, IDictionary<string, string?> env)
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => r.Param("page") is null
            ? FakeResponse.Json("""[{"id":"1"}]""").WithNext(api.Url("/logs?page=2"))
            : FakeResponse.Json("""[{"id":"2"}]"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              s1:
                url: {api.Url("/logs")}
                pagination:
                  strategy: link_header
                auth:
            {auth}
            """);
        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: env);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "1", "2" }, result.Lines.EventField("id"));
        Assert.Equal(2, api.Requests.Count);
        return api.Requests;
    }

    private static string Basic(string pair) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(pair));

    [Fact]
    public async Task Bearer_uses_the_Bearer_prefix_by_default()
    {
        var requests = await CollectAsync("""
                  type: bearer
                  token_env: E2E_TOKEN
            """, new Dictionary<string, string?> { ["E2E_TOKEN"] = "tok-123" });
        Assert.All(requests, r => Assert.Equal("Bearer tok-123", r.Header("Authorization")));
    }

    [Fact]
    public async Task Bearer_with_prefix_SSWS_sends_an_Okta_token()
    {
        var requests = await CollectAsync("""
                  type: bearer
                  prefix: SSWS
                  token_env: E2E_OKTA_TOKEN
            """, new Dictionary<string, string?> { ["E2E_OKTA_TOKEN"] = "00abcDEF" });
        Assert.All(requests, r => Assert.Equal("SSWS 00abcDEF", r.Header("Authorization")));
    }

    [Fact]
    public async Task Api_key_goes_in_the_configured_header_only()
    {
        var requests = await CollectAsync("""
                  type: api_key
                  header: X-Api-Key
                  key_env: E2E_API_KEY
            """, new Dictionary<string, string?> { ["E2E_API_KEY"] = "key-456" });
        Assert.All(requests, r =>
        {
            Assert.Equal("key-456", r.Header("X-Api-Key"));
            Assert.Null(r.Header("Authorization"));
        });
    }

    [Fact]
    public async Task An_api_key_header_name_that_is_no_http_token_is_a_validate_error()
    {
        using var dir = new TempDir();
        // Written as the header line reads: validate passed it, and every poll then failed on .NET's refusal.
        var run = new AuthRun(dir, "https://api.example.com/logs", """
            type: api_key
            header: "X-Api-Key:"
            key_env: E2E_API_KEY
            """, new Dictionary<string, string?> { ["E2E_API_KEY"] = "key-789-abc" });
        var result = await run.ValidateAsync();
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("sources.s1.auth.header: 'X-Api-Key:' is not a valid HTTP header name", result.Stderr);
        Assert.DoesNotContain("key-789-abc", result.Stderr);
    }

    [Fact]
    public async Task Basic_sends_user_and_password()
    {
        var requests = await CollectAsync("""
                  type: basic
                  user_env: E2E_USER
                  password_env: E2E_PASSWORD
            """, new Dictionary<string, string?> { ["E2E_USER"] = "svc-helr", ["E2E_PASSWORD"] = "p@ss:wörd" });
        Assert.All(requests, r => Assert.Equal(Basic("svc-helr:p@ss:wörd"), r.Header("Authorization")));
    }

    [Fact]
    public async Task Basic_with_a_user_only_sends_an_empty_password()
    {
        var requests = await CollectAsync("""
                  type: basic
                  user_env: E2E_TAILSCALE_KEY
            """, new Dictionary<string, string?> { ["E2E_TAILSCALE_KEY"] = "tskey-api-xyz" });
        Assert.All(requests, r => Assert.Equal(Basic("tskey-api-xyz:"), r.Header("Authorization")));
    }
}
