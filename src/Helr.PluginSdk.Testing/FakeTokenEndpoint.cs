using System.Security.Cryptography;
using System.Text;

namespace Helr.PluginSdk.Testing;

/// <summary>
/// An OAuth2 token endpoint on a <see cref="FakeVendorServer"/> that checks what a real authorization
/// server checks: the client secret, or the signature and claims of a <c>private_key_jwt</c> client
/// assertion or of a Google service-account assertion (JWT-bearer grant) against a public key the test
/// made; the requested scope; DPoP proofs (signature by the embedded key, <c>htm</c>, <c>htu</c>,
/// <c>iat</c>, unique <c>jti</c>, a nonce it demands first when <see cref="DPoPNonce"/> is set).
/// Each failed check is kept in <see cref="Problems"/> and answered with a 400.
/// </summary>
public sealed class FakeTokenEndpoint
{
    /// <summary>The <c>client_assertion_type</c> of <c>private_key_jwt</c>.</summary>
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>The JWT-bearer <c>grant_type</c> (RFC 7523) Google service accounts use.</summary>
    public const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private readonly object _lock = new();
    private readonly List<string> _problems = new();
    private readonly List<SignedToken> _assertions = new();
    private readonly HashSet<string> _jtis = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _issued = new(StringComparer.Ordinal);

    /// <summary>Answers POSTs to <paramref name="path"/> of <paramref name="server"/>.</summary>
    public FakeTokenEndpoint(FakeVendorServer server, string path)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(path);
        TokenUrl = server.Url(path);
        server.OnPost(path, Token);
    }

    /// <summary>The endpoint's absolute URL: the <c>aud</c> assertions must name.</summary>
    public string TokenUrl { get; }

    /// <summary>The client id a client-credentials request must carry (and a client assertion's <c>iss</c> and <c>sub</c>).</summary>
    public string ClientId { get; init; } = "helr-client";

    /// <summary>The client secret accepted in the form or in Basic; null accepts none.</summary>
    public string? ClientSecret { get; init; }

    /// <summary>The public key that verifies client assertions and Google assertions.</summary>
    public AsymmetricAlgorithm? AssertionKey { get; init; }

    /// <summary>The scope a request must ask for (the form's <c>scope</c>, or a Google assertion's); null checks none.</summary>
    public string? Scope { get; init; }

    /// <summary>A Google assertion's required <c>iss</c>: the service account's <c>client_email</c>.</summary>
    public string? ServiceAccountEmail { get; init; }

    /// <summary>A Google assertion's required <c>sub</c> (domain-wide delegation); null requires none.</summary>
    public string? Subject { get; init; }

    /// <summary>Requires a DPoP proof and issues DPoP-bound tokens.</summary>
    public bool DPoP { get; init; }

    /// <summary>A nonce DPoP proofs must carry; a proof without it is answered <c>use_dpop_nonce</c>, as Okta does.</summary>
    public string? DPoPNonce { get; init; }

    /// <summary>The <c>expires_in</c> of issued tokens.</summary>
    public int ExpiresIn { get; init; } = 3600;

    /// <summary>Every check that failed, in order.</summary>
    public IReadOnlyList<string> Problems { get { lock (_lock) return _problems.ToList(); } }

    /// <summary>Every client or Google assertion received.</summary>
    public IReadOnlyList<SignedToken> Assertions { get { lock (_lock) return _assertions.ToList(); } }

    /// <summary>Every access token issued, in order.</summary>
    public IReadOnlyList<string> IssuedTokens { get { lock (_lock) return _issued.Keys.ToList(); } }

    /// <summary>
    /// Checks an API request as a resource server would: an issued token in <c>Authorization</c>
    /// (<c>DPoP</c> scheme with a valid proof bound to the token's key when <see cref="DPoP"/>,
    /// else <c>Bearer</c>). Returns null when it passes, else the problem (also kept in <see cref="Problems"/>).
    /// </summary>
    /// <param name="request">The API request.</param>
    /// <param name="server">The server the API request went to, for the proof's <c>htu</c>.</param>
    public string? CheckResourceRequest(RecordedRequest request, FakeVendorServer server)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(server);
        var authorization = request.Header("Authorization") ?? "";
        var scheme = DPoP ? "DPoP " : "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.Ordinal)) return Problem($"API request without a {scheme.Trim()} token");
        var token = authorization[scheme.Length..];
        string? jwk;
        lock (_lock)
            if (!_issued.TryGetValue(token, out jwk)) return Problem("API request with a token this endpoint never issued");
        if (!DPoP) return null;
        if (request.Header("DPoP") is not { } proofText) return Problem("API request without a DPoP proof");
        var proof = SignedToken.Parse(proofText);
        if (proof.JwkText != jwk) return Problem("DPoP proof key is not the key the token is bound to");
        return CheckProof(proof, request.Method, server.Url(request.Path), token) is { } problem ? Problem(problem) : null;
    }

    private FakeResponse Token(RecordedRequest request)
    {
        var form = Form(request.Body);
        string? jwk = null;
        if (DPoP)
        {
            if (request.Header("DPoP") is not { } proofText) return Fail("token request without a DPoP proof");
            var proof = SignedToken.Parse(proofText);
            if (CheckProof(proof, "POST", TokenUrl, null) is { } problem) return Fail(problem);
            if (DPoPNonce is not null && proof.Claim("nonce") != DPoPNonce)
                return FakeResponse.Json("""{"error":"use_dpop_nonce","error_description":"Authorization server requires nonce in DPoP proof."}""", 400)
                    .WithHeader("DPoP-Nonce", DPoPNonce);
            jwk = proof.JwkText;
        }
        var grant = form.GetValueOrDefault("grant_type");
        var refused = grant switch
        {
            "client_credentials" => CheckClient(request, form) ?? CheckScope(form.GetValueOrDefault("scope")),
            JwtBearerGrant => CheckGoogle(form.GetValueOrDefault("assertion")),
            _ => Fail($"unexpected grant_type '{grant}'"),
        };
        if (refused is not null) return refused;
        var token = $"at-{Guid.NewGuid():N}";
        lock (_lock) _issued[token] = jwk;
        return FakeResponse.Json($$"""{"access_token":"{{token}}","token_type":"{{(DPoP ? "DPoP" : "Bearer")}}","expires_in":{{ExpiresIn}},"scope":"{{Scope}}"}""");
    }

    private FakeResponse? CheckClient(RecordedRequest request, IReadOnlyDictionary<string, string> form)
    {
        if (form.TryGetValue("client_assertion", out var text))
        {
            if (form.GetValueOrDefault("client_assertion_type") != AssertionType) return Fail("wrong client_assertion_type");
            if (form.ContainsKey("client_secret")) return Fail("client_secret sent with a client assertion");
            var assertion = Remember(SignedToken.Parse(text));
            if (AssertionKey is null || !assertion.VerifiedBy(AssertionKey)) return Fail($"client assertion signature ({assertion.Alg}) does not verify");
            if (assertion.Claim("iss") != ClientId || assertion.Claim("sub") != ClientId) return Fail("client assertion iss/sub is not the client id");
            if (assertion.Claim("aud") != TokenUrl) return Fail($"client assertion aud '{assertion.Claim("aud")}' is not the token URL");
            return Fresh(assertion, "client assertion");
        }
        var basic = request.Header("Authorization");
        var (id, secret) = basic is not null && basic.StartsWith("Basic ", StringComparison.Ordinal)
            ? Pair(Encoding.UTF8.GetString(Convert.FromBase64String(basic[6..])))
            : (form.GetValueOrDefault("client_id"), form.GetValueOrDefault("client_secret"));
        return ClientSecret is not null && id == ClientId && secret == ClientSecret ? null
            : FakeResponse.Json("""{"error":"invalid_client","error_description":"Client authentication failed."}""", 401);
    }

    private FakeResponse? CheckGoogle(string? text)
    {
        if (text is null) return Fail("jwt-bearer grant without an assertion");
        var assertion = Remember(SignedToken.Parse(text));
        if (AssertionKey is null || assertion.Alg != "RS256" || !assertion.VerifiedBy(AssertionKey)) return Fail("Google assertion signature does not verify");
        if (assertion.Claim("iss") != ServiceAccountEmail) return Fail($"Google assertion iss '{assertion.Claim("iss")}' is not the client_email");
        if (assertion.Claim("aud") != TokenUrl) return Fail($"Google assertion aud '{assertion.Claim("aud")}' is not the key's token_uri");
        if (assertion.Claim("sub") != Subject) return Fail($"Google assertion sub '{assertion.Claim("sub")}' is not {Subject ?? "absent"}");
        if (assertion.Number("exp") - assertion.Number("iat") is not (> 0 and <= 3600)) return Fail("Google assertion lifetime is not within an hour");
        return CheckScope(assertion.Claim("scope")) ?? Fresh(assertion, "Google assertion");
    }

    private FakeResponse? CheckScope(string? scope) =>
        Scope is null || scope == Scope ? null : Fail($"scope '{scope}' is not '{Scope}'");

    private string? CheckProof(SignedToken proof, string method, string url, string? accessToken)
    {
        if (proof.Header.TryGetProperty("typ", out var typ) && typ.GetString() != "dpop+jwt") return "DPoP proof typ is not dpop+jwt";
        using var key = proof.EmbeddedKey();
        if (key is null || !proof.VerifiedBy(key)) return "DPoP proof signature does not verify with its jwk";
        if (proof.Claim("htm") != method) return $"DPoP htm '{proof.Claim("htm")}' is not {method}";
        var htu = new Uri(url).GetLeftPart(UriPartial.Path);
        if (proof.Claim("htu") != htu) return $"DPoP htu '{proof.Claim("htu")}' is not {htu}";
        var ath = accessToken is null ? null : SignedToken.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));
        if (proof.Claim("ath") != ath) return $"DPoP ath '{proof.Claim("ath")}' is not {ath ?? "absent"}";
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - (proof.Number("iat") ?? 0)) > 60) return "DPoP iat is not now";
        lock (_lock)
            return proof.Claim("jti") is { } jti && _jtis.Add(jti) ? null : "DPoP jti missing or reused";
    }

    private FakeResponse? Fresh(SignedToken assertion, string what)
    {
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - (assertion.Number("iat") ?? 0)) > 60) return Fail($"{what} iat is not now");
        lock (_lock)
            return assertion.Claim("jti") is not { } jti || _jtis.Add(jti) ? null : Fail($"{what} jti reused");
    }

    private SignedToken Remember(SignedToken assertion)
    {
        lock (_lock) _assertions.Add(assertion);
        return assertion;
    }

    private string Problem(string problem)
    {
        lock (_lock) _problems.Add(problem);
        return problem;
    }

    private FakeResponse Fail(string problem) =>
        FakeResponse.Json($$"""{"error":"invalid_request","error_description":"test server: {{Problem(problem).Replace("\"", "'", StringComparison.Ordinal)}}"}""", 400);

    private static (string?, string?) Pair(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (Uri.UnescapeDataString(text), null) : (Uri.UnescapeDataString(text[..colon]), Uri.UnescapeDataString(text[(colon + 1)..]));
    }

    private static Dictionary<string, string> Form(string body)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            form[Unescape(eq < 0 ? pair : pair[..eq])] = Unescape(eq < 0 ? "" : pair[(eq + 1)..]);
        }
        return form;
    }

    private static string Unescape(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
}
