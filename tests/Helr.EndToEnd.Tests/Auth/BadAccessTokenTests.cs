using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Auth;

/// <summary>A token endpoint whose access_token cannot go into a header fails the source with a credentials error that says so.</summary>
public sealed class BadAccessTokenTests
{
    [Theory]
    [InlineData("tok-first\\r\\nX-Injected: yes")]
    [InlineData("tok-first\\u0000rest")]
    public async Task An_access_token_with_a_line_break_or_control_character_is_a_clear_error_naming_the_source(string token)
    {
        await using var auth = await FakeVendorServer.StartAsync();
        auth.OnPost("/token", _ => FakeResponse.Json($$"""{"access_token":"{{token}}","expires_in":3600}"""));
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        using var dir = new TempDir();
        var run = new AuthRun(dir, api.Url("/logs"), $"""
            type: oauth2
            token_url: {auth.Url("/token")}
            client_id_env: E2E_CLIENT_ID
            client_secret_env: E2E_CLIENT_SECRET
            """, new Dictionary<string, string?> { ["E2E_CLIENT_ID"] = "helr-client", ["E2E_CLIENT_SECRET"] = "cl1ent-S3cret-value" });

        var result = await run.OnceAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(api.Requests);
        // Before: "poll failed: s1: New-line or NUL characters are not allowed in header values.", for the token's lifetime.
        var expected = $"poll failed: s1: request to {api.Url("/logs")} failed: cannot get credentials: oauth2 token endpoint {auth.Url("/token")} answered 200"
            + " with an access_token holding a line break or control character, which a header cannot carry";
        Assert.True(result.Stderr.Contains(expected, StringComparison.Ordinal), result.Stderr);
        Assert.DoesNotContain("tok-first", result.Stderr);
    }
}
