using Helr.PluginSdk.Testing;

namespace Helr.EndToEnd.Tests.Auth;

/// <summary>
/// A two-page audit log API (<c>/logs</c>, Link pagination) that accepts only tokens the
/// authorization server issued, checks DPoP proofs for DPoP-bound tokens, and can demand a nonce or
/// reject a token once, as resource servers do.
/// </summary>
public sealed class FakeProtectedApi : IAsyncDisposable
{
    private readonly FakeAuthorizationServer _auth;
    private readonly List<string> _problems = new();
    private readonly HashSet<string> _revoked = new(StringComparer.Ordinal);
    private string? _nonce;

    private FakeProtectedApi(FakeVendorServer server, FakeAuthorizationServer auth)
    {
        Server = server;
        _auth = auth;
    }

    public FakeVendorServer Server { get; }
    public string LogsUrl => Server.Url("/logs");

    /// <summary>The nonce DPoP proofs must carry here; a proof without it gets a 401 <c>use_dpop_nonce</c> challenge.</summary>
    public string? DPoPNonce { get; init; }

    /// <summary>
    /// Sent in <c>DPoP-Nonce</c> with the first page that succeeds, and demanded from then on: RFC 9449 §9
    /// lets a server hand out a new nonce on any response, and expects the client to use it.
    /// </summary>
    public string? NextDPoPNonce { get; init; }

    /// <summary>The first token presented is answered 401 once (revoked early), as after a key rotation.</summary>
    public bool RevokeFirstToken { get; init; }

    public IReadOnlyList<string> Problems { get { lock (_problems) return _problems.ToList(); } }

    public static async Task<FakeProtectedApi> StartAsync(FakeAuthorizationServer auth, string? nonce = null, bool revokeFirstToken = false,
        string? nextNonce = null)
    {
        var api = new FakeProtectedApi(await FakeVendorServer.StartAsync(), auth) { DPoPNonce = nonce, RevokeFirstToken = revokeFirstToken, NextDPoPNonce = nextNonce };
        api.Server.OnGet("/logs", api.Logs);
        return api;
    }

    private FakeResponse Logs(RecordedRequest request)
    {
        var authorization = request.Header("Authorization") ?? "";
        var space = authorization.IndexOf(' ');
        var (scheme, token) = space < 0 ? ("", "") : (authorization[..space], authorization[(space + 1)..]);
        if (!_auth.Issued(token, out var jwk)) return Problem(401, "token not issued by the authorization server");
        lock (_problems)
        {
            if (RevokeFirstToken && _revoked.Count == 0) _revoked.Add(token);
            if (_revoked.Contains(token)) return FakeResponse.Json("""{"error":"invalid_token"}""", 401).WithHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        if (jwk is not null)
        {
            if (scheme != "DPoP") return Problem(401, $"DPoP-bound token sent with scheme '{scheme}'");
            var header = request.Header("DPoP");
            if (header is null) return Problem(401, "no DPoP proof");
            var proof = SignedToken.Parse(header);
            if (proof.JwkText != jwk) return Problem(401, "proof key is not the key the token is bound to");
            var problem = _auth.CheckProof(proof, "GET", Server.Url(request.Path), token);
            if (problem is not null) return Problem(401, problem);
            string? nonce;
            lock (_problems) nonce = _nonce ?? DPoPNonce;
            if (nonce is not null && proof.Claim("nonce") != nonce)
                return FakeResponse.Json("""{"error":"use_dpop_nonce"}""", 401)
                    .WithHeader("WWW-Authenticate", "DPoP error=\"use_dpop_nonce\", error_description=\"Resource server requires nonce in DPoP proof\"")
                    .WithHeader("DPoP-Nonce", nonce);
            if (NextDPoPNonce is not null && nonce != NextDPoPNonce)
            {
                lock (_problems) _nonce = NextDPoPNonce;
                return Page(request).WithHeader("DPoP-Nonce", NextDPoPNonce);
            }
        }
        else if (scheme != "Bearer") return Problem(401, $"scheme '{scheme}' for a bearer token");
        return Page(request);
    }

    private FakeResponse Page(RecordedRequest request) =>
        request.Param("page") is null
            ? FakeResponse.Json("""[{"id":"1"}]""").WithNext(Server.Url("/logs?page=2"))
            : FakeResponse.Json("""[{"id":"2"}]""");

    private FakeResponse Problem(int status, string problem)
    {
        lock (_problems) _problems.Add(problem);
        return FakeResponse.Json($$"""{"error":"invalid_token","error_description":"test api: {{problem}}"}""", status);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
