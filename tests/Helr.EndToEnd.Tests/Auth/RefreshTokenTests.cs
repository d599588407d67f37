using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Auth;

/// <summary>The refresh-token grant: a token the server rotates is kept in state, redacted, and survives a restart.</summary>
public sealed class RefreshTokenTests
{
    private const string StateKey = "helr:secret:oauth2_refresh_token";

    [Fact]
    public async Task A_rotated_refresh_token_survives_a_restart_and_is_never_printed()
    {
        await using var auth = await FakeAuthorizationServer.StartAsync(s => new FakeAuthorizationServer(s)
        {
            ClientSecret = "rt-client-secret", RefreshToken = "rt-configured-0", Rotate = true,
        });
        await using var api = await FakeProtectedApi.StartAsync(auth);
        using var dir = new TempDir();
        var run = new AuthRun(dir, api.LogsUrl, $"""
            type: oauth2
            token_url: {auth.TokenUrl}
            client_id_env: E2E_CLIENT_ID
            client_secret_env: E2E_CLIENT_SECRET
            refresh_token_env: E2E_REFRESH_TOKEN
            """, new Dictionary<string, string?> { ["E2E_CLIENT_ID"] = "helr-client", ["E2E_CLIENT_SECRET"] = "rt-client-secret", ["E2E_REFRESH_TOKEN"] = "rt-configured-0" });

        var first = await run.OnceAsync();
        Assert.True(first.ExitCode == 0, first.ToString());
        var form = FormBody.Parse(Assert.Single(auth.TokenRequests).Body);
        Assert.Equal("refresh_token", form["grant_type"]);
        Assert.Equal("rt-configured-0", form["refresh_token"]);
        Assert.False(form.ContainsKey("scope"));
        var rotated = auth.RefreshToken!;

        var show = await run.CliAsync("state show s1");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains($"  {StateKey}: [REDACTED]", show.Stdout);
        var export = await run.CliAsync("state export");
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains($"\"{StateKey}\": \"[REDACTED]\"", export.Stdout);
        Assert.DoesNotContain(rotated, show.Stdout + export.Stdout);

        // Restart: the configured token was revoked by the rotation; the stored one is used.
        var second = await run.OnceAsync();
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(rotated, FormBody.Parse(auth.TokenRequests[1].Body)["refresh_token"]);

        // Importing an export (placeholder included) keeps the real stored token.
        var import = await run.CliAsync("state import", export.Stdout);
        Assert.True(import.ExitCode == 0, import.ToString());
        var third = await run.OnceAsync();
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Equal(3, auth.TokenRequests.Count);
        Assert.Empty(auth.Problems);
    }

    [Fact]
    public async Task A_newly_configured_refresh_token_wins_over_the_stored_descendant_of_the_old_one()
    {
        await using var auth = await FakeAuthorizationServer.StartAsync(s => new FakeAuthorizationServer(s)
        {
            ClientSecret = "s", RefreshToken = "rt-old", Rotate = true,
        });
        await using var api = await FakeProtectedApi.StartAsync(auth);
        using var dir = new TempDir();
        var env = new Dictionary<string, string?> { ["E2E_CLIENT_ID"] = "helr-client", ["E2E_CLIENT_SECRET"] = "s", ["E2E_REFRESH_TOKEN"] = "rt-old" };
        var run = new AuthRun(dir, api.LogsUrl, $"""
            type: oauth2
            token_url: {auth.TokenUrl}
            client_id_env: E2E_CLIENT_ID
            client_secret_env: E2E_CLIENT_SECRET
            refresh_token_env: E2E_REFRESH_TOKEN
            """, env);
        Assert.Equal(0, (await run.OnceAsync()).ExitCode);

        // The user re-consents and configures a fresh token.
        auth.RefreshToken = "rt-new";
        env["E2E_REFRESH_TOKEN"] = "rt-new";
        var result = await run.OnceAsync();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("rt-new", FormBody.Parse(auth.TokenRequests[1].Body)["refresh_token"]);
    }

    [Fact]
    public async Task A_refresh_token_rotated_by_an_answer_without_an_access_token_is_kept_for_the_next_run()
    {
        await using var auth = await FakeAuthorizationServer.StartAsync(s => new FakeAuthorizationServer(s)
        {
            ClientSecret = "s", RefreshToken = "rt-first", Rotate = true, AnswersWithoutAccessToken = 1,
        });
        await using var api = await FakeProtectedApi.StartAsync(auth);
        using var dir = new TempDir();
        var run = new AuthRun(dir, api.LogsUrl, $"""
            type: oauth2
            token_url: {auth.TokenUrl}
            client_id_env: E2E_CLIENT_ID
            client_secret_env: E2E_CLIENT_SECRET
            refresh_token_env: E2E_REFRESH_TOKEN
            """, new Dictionary<string, string?> { ["E2E_CLIENT_ID"] = "helr-client", ["E2E_CLIENT_SECRET"] = "s", ["E2E_REFRESH_TOKEN"] = "rt-first" });

        var broken = await run.OnceAsync();
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("without an access_token", broken.Stderr);
        var rotated = auth.RefreshToken!;
        Assert.DoesNotContain(rotated, broken.Stdout + broken.Stderr);

        // rt-first was revoked by that answer: only the rotated token can still authenticate.
        var next = await run.OnceAsync();
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal(rotated, FormBody.Parse(auth.TokenRequests[^1].Body)["refresh_token"]);
        Assert.Empty(auth.Problems);
    }
}
