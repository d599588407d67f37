using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Helr.PluginSdk.Auth.OAuth2;

/// <summary>
/// DPoP (RFC 9449) proofs of one source: one P-256 key for the process lifetime (tokens are bound
/// to it, so it must not change while a token lives), and the latest nonce each server demanded.
/// </summary>
internal sealed class DPoPProofs : IDisposable
{
    private readonly SigningKey _key = SigningKey.GenerateEc();
    // Kept per role as well as per origin: the authorization server's nonce and the resource server's
    // are separate (RFC 9449 §8, §9), and Okta serves its token endpoint and its API from one origin.
    private readonly ConcurrentDictionary<(DPoPServer, string), string> _nonces = new();

    /// <summary>
    /// A proof for one request: <c>htm</c>, <c>htu</c> (no query or fragment), <c>iat</c>, a unique <c>jti</c>,
    /// the server's nonce, and <c>ath</c> when a token is sent (<paramref name="accessToken"/> null: a token request).
    /// </summary>
    public string Create(HttpMethod method, Uri url, DateTimeOffset now, Secret? accessToken)
    {
        var nonce = _nonces.GetValueOrDefault(Key(accessToken is null ? DPoPServer.Authorization : DPoPServer.Resource, url));
        return Jwt.Sign(_key, header =>
        {
            header.WriteString("typ", "dpop+jwt");
            header.WritePropertyName("jwk");
            _key.WritePublicJwk(header);
        }, claims =>
        {
            claims.WriteString("htm", method.Method);
            claims.WriteString("htu", TokenEndpoint.Describe(url));
            claims.WriteNumber("iat", now.ToUnixTimeSeconds());
            claims.WriteString("jti", Jwt.NewId());
            if (nonce is not null) claims.WriteString("nonce", nonce);
            if (accessToken is not null)
                claims.WriteString("ath", Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken.Reveal()))));
        });
    }

    /// <summary>Keeps the nonce a response carries (<c>DPoP-Nonce</c>) for the next proofs to that server; true when there was one.</summary>
    public bool Observe(HttpResponseMessage response, DPoPServer server)
    {
        var url = response.RequestMessage?.RequestUri;
        if (url is null || !response.Headers.TryGetValues("DPoP-Nonce", out var values)) return false;
        var nonce = values.FirstOrDefault();
        if (string.IsNullOrEmpty(nonce)) return false;
        _nonces[Key(server, url)] = nonce;
        return true;
    }

    /// <summary>True when a 401 from a resource server asks for a (new) nonce.</summary>
    public static bool AsksForNonce(HttpResponseMessage response) =>
        response.Headers.WwwAuthenticate.Any(h => h.Scheme.Equals("DPoP", StringComparison.OrdinalIgnoreCase)
            && (h.Parameter ?? "").Contains("use_dpop_nonce", StringComparison.Ordinal));

    private static (DPoPServer, string) Key(DPoPServer server, Uri url) => (server, url.GetLeftPart(UriPartial.Authority).ToLowerInvariant());

    public void Dispose() => _key.Dispose();
}

/// <summary>Which server a DPoP nonce comes from: each keeps its own (RFC 9449 §8 and §9).</summary>
internal enum DPoPServer
{
    /// <summary>The token endpoint.</summary>
    Authorization,

    /// <summary>The API the token is sent to.</summary>
    Resource,
}
