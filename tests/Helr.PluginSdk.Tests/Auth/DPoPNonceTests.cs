using System.Net;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Auth;

/// <summary>DPoP nonces (RFC 9449 §8, §9): which nonce goes into which proof, and when a challenge is worth a retry.</summary>
public class DPoPNonceTests
{
    private static readonly FakeEnvironment Env = new FakeEnvironment().WithVariable("ID", "client").WithVariable("SECRET", "s3cret");

    // Okta's layout: the token endpoint and the System Log API on one org domain.
    private static IAuthenticator Build() =>
        AuthReader.Read(ConfigTree.FromJson("""{"type": "oauth2", "token_url": "https://example.okta.com/oauth2/v1/token", "client_id_env": "ID", "client_secret_env": "SECRET", "dpop": true}""", "sources.s.auth"), Env)!;

    private static async Task<HttpRequestMessage> Apply(IAuthenticator auth, AuthContext context)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "https://example.okta.com/api/v1/logs");
        await auth.ApplyAsync(request, context, CancellationToken.None);
        return request;
    }

    private static string? Nonce(HttpRequestMessage request) => SignedToken.Parse(request.Headers.GetValues("DPoP").Single()).Claim("nonce");

    private static HttpResponseMessage Challenge(HttpRequestMessage request, string? nonce, string error = "use_dpop_nonce")
    {
        var response = new HttpResponseMessage(HttpStatusCode.Unauthorized) { RequestMessage = request };
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", $"DPoP error=\"{error}\"");
        if (nonce is not null) response.Headers.TryAddWithoutValidation("DPoP-Nonce", nonce);
        return response;
    }

    /// <summary>The token endpoint: the first request is told to use nonce <c>as-1</c>, every one after gets a token.</summary>
    private static ScriptedSender TokenEndpoint() => new(n =>
    {
        if (n > 1) return ScriptedSender.Json($$"""{"access_token":"t{{n}}","token_type":"DPoP"}""");
        var challenge = ScriptedSender.Json("""{"error":"use_dpop_nonce"}""", HttpStatusCode.BadRequest);
        challenge.Headers.TryAddWithoutValidation("DPoP-Nonce", "as-1");
        return challenge;
    });

    [Fact]
    public async Task The_token_endpoint_and_an_api_on_the_same_origin_keep_their_own_nonces()
    {
        var sender = TokenEndpoint();
        var auth = Build();
        var context = sender.Context();
        var first = await Apply(auth, context);
        Assert.Null(Nonce(first));
        Assert.True(await auth.RefreshAsync(Challenge(first, "rs-7"), context, CancellationToken.None));
        var second = await Apply(auth, context);
        Assert.Equal("rs-7", Nonce(second));

        // The token is revoked: its renewal must carry the authorization server's nonce, not the API's
        // (which the token endpoint would answer with use_dpop_nonce: one more round trip per renewal).
        Assert.True(await auth.RefreshAsync(Challenge(second, null, "invalid_token"), context, CancellationToken.None));

        Assert.Equal(3, sender.Count);
        Assert.Equal("as-1", Nonce(sender.Requests[2]));
        Assert.Equal("rs-7", Nonce(await Apply(auth, context)));
    }

    [Fact]
    public async Task A_nonce_challenge_without_a_nonce_neither_fetches_a_token_nor_asks_for_a_retry()
    {
        var sender = TokenEndpoint();
        var auth = Build();
        var context = sender.Context();
        var request = await Apply(auth, context);

        // A new token would be refused the same way, on every request of every cycle.
        Assert.False(await auth.RefreshAsync(Challenge(request, null), context, CancellationToken.None));

        Assert.Equal(2, sender.Count);
        Assert.Contains(((RecordingLogger)context.Log).Warnings, l => l.Contains("sent no DPoP-Nonce header", StringComparison.Ordinal));
    }
}
