using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Auth;

/// <summary>One token serves every page and cycle until it nears expiry.</summary>
public sealed class TokenCacheTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private static async Task<(FakeAuthorizationServer Auth, FakeProtectedApi Api)> RunCyclesAsync(int expiresIn, TempDir dir)
    {
        var auth = await FakeAuthorizationServer.StartAsync(s => new FakeAuthorizationServer(s) { ClientSecret = "cache-secret", ExpiresIn = expiresIn });
        var api = await FakeProtectedApi.StartAsync(auth);
        var run = new AuthRun(dir, api.LogsUrl, $"""
            type: oauth2
            token_url: {auth.TokenUrl}
            client_id_env: E2E_CLIENT_ID
            client_secret_env: E2E_CLIENT_SECRET
            """, new Dictionary<string, string?> { ["E2E_CLIENT_ID"] = "helr-client", ["E2E_CLIENT_SECRET"] = "cache-secret" },
            "    schedule:\n      interval_secs: 1");
        var helr = run.Start();
        try
        {
            // Three cycles of two pages each.
            await api.Server.WaitForRequestsAsync(6, Wait);
        }
        finally
        {
            await helr.DisposeAsync();
        }
        return (auth, api);
    }

    [Fact]
    public async Task A_token_is_reused_across_pages_and_cycles()
    {
        using var dir = new TempDir();
        var (auth, api) = await RunCyclesAsync(3600, dir);
        await using (auth)
        await using (api)
        {
            Assert.Single(auth.TokenRequests);
            Assert.Empty(api.Problems);
            Assert.All(api.Server.Requests, r => Assert.Equal("Bearer " + auth.IssuedTokens[0], r.Header("Authorization")));
        }
    }

    [Fact]
    public async Task An_expired_token_is_replaced_before_the_next_cycle()
    {
        using var dir = new TempDir();
        // A one-second token is stale by the next cycle (a second later).
        var (auth, api) = await RunCyclesAsync(1, dir);
        await using (auth)
        await using (api)
        {
            Assert.True(auth.TokenRequests.Count >= 2, $"{auth.TokenRequests.Count} token requests");
            Assert.Empty(api.Problems);
            Assert.Empty(auth.Problems);
            Assert.True(api.Server.Requests.Select(r => r.Header("Authorization")).Distinct().Count() >= 2);
        }
    }
}
