using Helr.PluginSdk.Testing;
using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Auth;

/// <summary>DPoP (RFC 9449): proofs at the token endpoint and the API, each with one nonce retry.</summary>
public sealed class DPoPTests
{
    [Fact]
    public async Task Proofs_verify_and_both_servers_get_their_nonce_after_one_retry()
    {
        await using var auth = await FakeAuthorizationServer.StartAsync(s => new FakeAuthorizationServer(s)
        {
            ClientSecret = "dpop-secret", DPoP = true, DPoPNonce = "as-nonce-1",
        });
        await using var api = await FakeProtectedApi.StartAsync(auth, nonce: "rs-nonce-7");
        using var dir = new TempDir();
        var run = new AuthRun(dir, api.LogsUrl + "?limit=2", $"""
            type: oauth2
            token_url: {auth.TokenUrl}
            client_id_env: E2E_CLIENT_ID
            client_secret_env: E2E_CLIENT_SECRET
            dpop: true
            """, new Dictionary<string, string?> { ["E2E_CLIENT_ID"] = "helr-client", ["E2E_CLIENT_SECRET"] = "dpop-secret" });
        var result = await run.OnceAsync();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "1", "2" }, result.Lines.EventField("id"));
        Assert.Empty(auth.Problems);
        Assert.Empty(api.Problems);

        // Token endpoint: a proof without nonce, the use_dpop_nonce answer, then one with it.
        Assert.Equal(2, auth.TokenRequests.Count);
        var tokenProofs = auth.TokenRequests.Select(r => SignedToken.Parse(r.Header("DPoP")!)).ToList();
        Assert.False(tokenProofs[0].HasClaim("nonce"));
        Assert.Equal("as-nonce-1", tokenProofs[1].Claim("nonce"));
        Assert.All(tokenProofs, p => Assert.False(p.HasClaim("ath")));

        // API: first request challenged for a nonce, retried with it; the nonce is kept for page 2.
        var requests = api.Server.Requests;
        Assert.Equal(3, requests.Count);
        var apiProofs = requests.Select(r => SignedToken.Parse(r.Header("DPoP")!)).ToList();
        Assert.False(apiProofs[0].HasClaim("nonce"));
        Assert.Equal("rs-nonce-7", apiProofs[1].Claim("nonce"));
        Assert.Equal("rs-nonce-7", apiProofs[2].Claim("nonce"));
        Assert.All(apiProofs, p => Assert.Equal(api.LogsUrl, p.Claim("htu")));
        Assert.All(requests, r => Assert.Equal("DPoP " + auth.IssuedTokens[0], r.Header("Authorization")));
        Assert.Equal(5, tokenProofs.Concat(apiProofs).Select(p => p.Claim("jti")).Distinct().Count());
        Assert.Single(tokenProofs.Concat(apiProofs).Select(p => p.JwkText).Distinct());
    }

    [Fact]
    public async Task A_new_nonce_on_a_successful_page_is_used_for_the_next_page()
    {
        // RFC 9449 §9: a server may hand out a new nonce on any response. Using it spares the next page a
        // 401 and its retry (Okta's System Log: 60 requests a minute), and the request its one renewal.
        await using var auth = await FakeAuthorizationServer.StartAsync(s => new FakeAuthorizationServer(s) { ClientSecret = "dpop-secret", DPoP = true });
        await using var api = await FakeProtectedApi.StartAsync(auth, nonce: "rs-nonce-7", nextNonce: "rs-nonce-8");
        using var dir = new TempDir();
        var run = new AuthRun(dir, api.LogsUrl, $"""
            type: oauth2
            token_url: {auth.TokenUrl}
            client_id_env: E2E_CLIENT_ID
            client_secret_env: E2E_CLIENT_SECRET
            dpop: true
            """, new Dictionary<string, string?> { ["E2E_CLIENT_ID"] = "helr-client", ["E2E_CLIENT_SECRET"] = "dpop-secret" });
        var result = await run.OnceAsync();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "1", "2" }, result.Lines.EventField("id"));
        Assert.Empty(api.Problems);

        // Page 1 challenged and retried with rs-nonce-7; its 200 brings rs-nonce-8, which page 2 carries at once.
        var nonces = api.Server.Requests.Select(r => SignedToken.Parse(r.Header("DPoP")!)).Select(p => p.Claim("nonce")).ToList();
        Assert.Equal(new[] { null, "rs-nonce-7", "rs-nonce-8" }, nonces);
    }
}
