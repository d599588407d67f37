using System.Security.Cryptography;
using System.Text;
using Helr.PluginSdk.Testing;

namespace Helr.EndToEnd.Tests.Auth;

/// <summary>
/// A token endpoint on Kestrel loopback that checks what a real authorization server checks: the
/// client's secret, or its assertion's signature and claims against a public key the test generated;
/// DPoP proofs (signature by the embedded jwk, htm, htu, iat, unique jti, nonce); refresh tokens it
/// rotates. Every failed check is kept in <see cref="Problems"/> and answered with a 400.
/// </summary>
public sealed class FakeAuthorizationServer : IAsyncDisposable
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    public const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private readonly object _lock = new();
    private readonly List<string> _problems = new();
    private readonly HashSet<string> _jtis = new();
    private readonly Dictionary<string, string?> _issued = new(StringComparer.Ordinal);
    private readonly List<SignedToken> _assertions = new();
    private int _count;

    public FakeAuthorizationServer(FakeVendorServer server) => Server = server;

    public FakeVendorServer Server { get; }
    public string TokenUrl => Server.Url("/oauth2/token");

    public string ClientId { get; init; } = "helr-client";
    public string? ClientSecret { get; init; }

    /// <summary>Public key that verifies client assertions (private_key_jwt) and Google JWTs.</summary>
    public AsymmetricAlgorithm? AssertionKey { get; init; }

    /// <summary>Answers a secret in the form with 401 and a Basic challenge (client_secret_basic only).</summary>
    public bool BasicOnly { get; init; }

    public bool DPoP { get; init; }

    /// <summary>The nonce DPoP proofs must carry; a proof without it gets <c>use_dpop_nonce</c>.</summary>
    public string? DPoPNonce { get; init; }

    public int ExpiresIn { get; init; } = 3600;

    /// <summary>The refresh token accepted next; each use rotates it when <see cref="Rotate"/>.</summary>
    public string? RefreshToken { get; set; }
    public bool Rotate { get; init; }

    /// <summary>How many of the next grants answer 200 (rotating as usual) with no access_token.</summary>
    public int AnswersWithoutAccessToken { get; set; }

    /// <summary>Claims a Google assertion must have (<c>aud</c> is the token URL the request went to).</summary>
    public string? GoogleEmail { get; init; }
    public string? GoogleScope { get; init; }
    public string? GoogleSubject { get; init; }

    public IReadOnlyList<string> Problems { get { lock (_lock) return _problems.ToList(); } }
    public IReadOnlyList<SignedToken> Assertions { get { lock (_lock) return _assertions.ToList(); } }
    public IReadOnlyList<RecordedRequest> TokenRequests => Server.Requests;
    public IReadOnlyList<string> IssuedTokens { get { lock (_lock) return _issued.Keys.ToList(); } }

    public static async Task<FakeAuthorizationServer> StartAsync(Func<FakeVendorServer, FakeAuthorizationServer> create)
    {
        var server = create(await FakeVendorServer.StartAsync());
        server.Server.OnPost("/oauth2/token", server.Token);
        server.Server.OnPost("/google/token", server.Token);
        return server;
    }

    /// <summary>The jwk an issued token is bound to (DPoP), or null; false when the server never issued it.</summary>
    public bool Issued(string token, out string? jwk)
    {
        lock (_lock) return _issued.TryGetValue(token, out jwk);
    }

    private FakeResponse Token(RecordedRequest request)
    {
        var form = FormBody.Parse(request.Body);
        string? jwk = null;
        if (DPoP)
        {
            var proof = request.Header("DPoP");
            if (proof is null) return Fail("token request without a DPoP proof");
            var jws = SignedToken.Parse(proof);
            var problem = CheckProof(jws, "POST", Server.Url(request.Path), accessToken: null);
            if (problem is not null) return Fail(problem);
            if (DPoPNonce is not null && jws.Claim("nonce") != DPoPNonce)
                return FakeResponse.Json("""{"error":"use_dpop_nonce","error_description":"Authorization server requires nonce in DPoP proof"}""", 400)
                    .WithHeader("DPoP-Nonce", DPoPNonce);
            jwk = jws.JwkText;
        }
        var client = CheckClient(request, form);
        if (client is not null) return client;
        var grant = form.GetValueOrDefault("grant_type");
        string? rotated = null;
        switch (grant)
        {
            case "client_credentials":
                break;
            case "refresh_token":
                lock (_lock)
                {
                    if (form.GetValueOrDefault("refresh_token") != RefreshToken)
                        return FakeResponse.Json("""{"error":"invalid_grant","error_description":"refresh token revoked or unknown"}""", 400);
                    if (Rotate) RefreshToken = rotated = $"rt-rotated-{Guid.NewGuid():N}";
                }
                break;
            case JwtBearerGrant:
                var google = CheckGoogle(form.GetValueOrDefault("assertion"), Server.Url(request.Path));
                if (google is not null) return Fail(google);
                break;
            default:
                return Fail($"unexpected grant_type '{grant}'");
        }
        var refresh = rotated is null ? "" : $",\"refresh_token\":\"{rotated}\"";
        lock (_lock)
        {
            if (AnswersWithoutAccessToken > 0)
            {
                AnswersWithoutAccessToken--;
                return FakeResponse.Json($$"""{"token_type":"Bearer","expires_in":{{ExpiresIn}}{{refresh}}}""");
            }
        }
        var token = $"at-{Interlocked.Increment(ref _count)}-{Guid.NewGuid():N}";
        lock (_lock) _issued[token] = jwk;
        return FakeResponse.Json($$"""{"access_token":"{{token}}","token_type":"{{(DPoP ? "DPoP" : "Bearer")}}","expires_in":{{ExpiresIn}}{{refresh}}}""");
    }

    private FakeResponse? CheckClient(RecordedRequest request, IReadOnlyDictionary<string, string> form)
    {
        if (form.TryGetValue("client_assertion", out var assertion))
        {
            if (form.GetValueOrDefault("client_assertion_type") != AssertionType) return Fail("wrong client_assertion_type");
            if (form.ContainsKey("client_secret")) return Fail("client_secret sent with an assertion");
            var jws = SignedToken.Parse(assertion);
            lock (_lock) _assertions.Add(jws);
            if (AssertionKey is null || !jws.VerifiedBy(AssertionKey)) return Fail($"client assertion signature ({jws.Alg}) does not verify");
            if (jws.Claim("iss") != ClientId || jws.Claim("sub") != ClientId) return Fail("client assertion iss/sub is not the client id");
            if (jws.Claim("aud") != TokenUrl) return Fail($"client assertion aud '{jws.Claim("aud")}' is not the token URL");
            if (jws.Number("exp") - jws.Number("iat") != 300) return Fail("client assertion lifetime is not 300 s");
            return Fresh(jws) ?? UniqueJti(jws, "client assertion");
        }
        if (form.GetValueOrDefault("grant_type") == JwtBearerGrant) return null;
        var basic = request.Header("Authorization");
        if (basic is not null && basic.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(basic[6..])).Split(':', 2);
            if (form.ContainsKey("client_secret")) return Fail("client_secret sent in the form as well as in Basic");
            return Uri.UnescapeDataString(pair[0]) == ClientId && Uri.UnescapeDataString(pair[1]) == ClientSecret ? null
                : FakeResponse.Json("""{"error":"invalid_client","error_description":"Client authentication failed"}""", 401);
        }
        if (form.GetValueOrDefault("client_id") != ClientId) return Fail("client_id missing or wrong");
        if (BasicOnly)
            return FakeResponse.Json("""{"error":"invalid_client","error_description":"use client_secret_basic"}""", 401)
                .WithHeader("WWW-Authenticate", "Basic realm=\"token\"");
        return form.GetValueOrDefault("client_secret") == ClientSecret ? null
            : FakeResponse.Json("""{"error":"invalid_client","error_description":"Client authentication failed"}""", 401);
    }

    private string? CheckGoogle(string? assertion, string tokenUri)
    {
        if (assertion is null) return "jwt-bearer grant without assertion";
        var jws = SignedToken.Parse(assertion);
        lock (_lock) _assertions.Add(jws);
        if (AssertionKey is null || jws.Alg != "RS256" || !jws.VerifiedBy(AssertionKey)) return "Google assertion signature does not verify";
        if (jws.Claim("iss") != GoogleEmail) return "Google assertion iss is not the client_email";
        if (jws.Claim("scope") != GoogleScope) return $"Google assertion scope '{jws.Claim("scope")}'";
        if (jws.Claim("aud") != tokenUri) return $"Google assertion aud '{jws.Claim("aud")}' is not the key's token_uri {tokenUri}";
        if (jws.Claim("sub") != GoogleSubject) return $"Google assertion sub '{jws.Claim("sub")}'";
        if (jws.Number("exp") - jws.Number("iat") is not (> 0 and <= 3600)) return "Google assertion lifetime is not within an hour";
        return Fresh(jws) is null ? null : "Google assertion iat is not now";
    }

    /// <summary>Checks a DPoP proof (RFC 9449 §4.3); also used by <see cref="FakeProtectedApi"/>.</summary>
    public string? CheckProof(SignedToken proof, string method, string url, string? accessToken)
    {
        if (Text(proof.Header, "typ") != "dpop+jwt") return "DPoP proof typ is not dpop+jwt";
        using var key = proof.EmbeddedKey();
        if (key is null || !proof.VerifiedBy(key)) return "DPoP proof signature does not verify with its jwk";
        if (proof.Claim("htm") != method) return $"DPoP htm '{proof.Claim("htm")}' is not {method}";
        var htu = new Uri(url).GetLeftPart(UriPartial.Path);
        if (proof.Claim("htu") != htu) return $"DPoP htu '{proof.Claim("htu")}' is not {htu}";
        var ath = accessToken is null ? null : SignedToken.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));
        if (proof.Claim("ath") != ath) return $"DPoP ath '{proof.Claim("ath")}' is not {ath ?? "absent"}";
        return Fresh(proof) is null ? UniqueJti(proof, "DPoP proof") is null ? null : "DPoP jti reused" : "DPoP iat is not now";
    }

    private FakeResponse? Fresh(SignedToken jws) =>
        Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - (jws.Number("iat") ?? 0)) <= 60 ? null : Fail("iat is not now");

    private FakeResponse? UniqueJti(SignedToken jws, string what)
    {
        var jti = jws.Claim("jti");
        lock (_lock)
            if (jti is null || !_jtis.Add(jti)) return Fail($"{what} jti missing or reused");
        return null;
    }

    private FakeResponse Fail(string problem)
    {
        lock (_lock) _problems.Add(problem);
        return FakeResponse.Json($$"""{"error":"invalid_request","error_description":"test server: {{problem.Replace("\"", "'")}}"}""", 400);
    }

    private static string? Text(System.Text.Json.JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null;

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
