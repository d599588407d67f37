using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Auth;

/// <summary>
/// Several sources configured with one refresh token (one Google Workspace source per application,
/// one grant): a server that rotates it accepts only the newest, so the sources must hand the chain
/// on to each other, in the run and across restarts.
/// </summary>
public sealed class SharedRefreshTokenTests
{
    [Fact]
    public async Task Sources_sharing_a_rotating_refresh_token_all_collect_in_one_run_and_after_a_restart()
    {
        await using var auth = await FakeAuthorizationServer.StartAsync(s => new FakeAuthorizationServer(s)
        {
            ClientSecret = "shared-client-secret", RefreshToken = "shared-rt-0", Rotate = true,
        });
        await using var api = await FakeProtectedApi.StartAsync(auth);
        using var dir = new TempDir();
        var sources = string.Concat(new[] { "login", "admin", "drive" }.Select(id => $"""

              {id}:
                url: {api.LogsUrl}
                pagination:
                  strategy: link_header
                auth:
                  type: oauth2
                  token_url: {auth.TokenUrl}
                  client_id_env: E2E_CLIENT_ID
                  client_secret_env: E2E_CLIENT_SECRET
                  refresh_token_env: E2E_REFRESH_TOKEN
            """));
        var config = dir.Write("helr.yaml", $"{dir.SqliteStateGlobal}\nsources:{sources}\n");
        var env = new Dictionary<string, string?> { ["E2E_CLIENT_ID"] = "helr-client", ["E2E_CLIENT_SECRET"] = "shared-client-secret", ["E2E_REFRESH_TOKEN"] = "shared-rt-0" };

        for (var run = 1; run <= 2; run++)
        {
            var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: env);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.DoesNotContain("poll failed", result.Stderr);
            // Two events per source per run: every source got a token from the chain.
            Assert.Equal(6, result.Lines.Count);
        }
        Assert.Empty(auth.Problems);
        Assert.Empty(api.Problems);
    }
}
