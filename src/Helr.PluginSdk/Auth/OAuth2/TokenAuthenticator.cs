using Helr.PluginSdk.Sources;
using System.Net.Http.Headers;

namespace Helr.PluginSdk.Auth.OAuth2;

/// <summary>
/// What OAuth2 and service-account authentication share: one cached access token per source,
/// fetched by one caller at a time, reused until shortly before it expires, renewed once on a 401;
/// and DPoP proofs on resource requests when the subclass has a <see cref="DPoPProofs"/>.
/// </summary>
internal abstract class TokenAuthenticator : IAuthenticator, IResponseObserver, IRequestProofs, IDisposable
{
    private readonly SemaphoreSlim _fetch = new(1, 1);
    private volatile AccessToken? _token;

    /// <summary>DPoP proofs, or null when the source does not use DPoP.</summary>
    protected DPoPProofs? Dpop { get; init; }

    /// <summary>The token server's clock, for the times of assertions and proofs.</summary>
    protected ServerClock Clock { get; } = new();

    /// <summary>Asks the token endpoint for a new access token.</summary>
    protected abstract Task<AccessToken> FetchAsync(AuthContext context, CancellationToken ct);

    public async ValueTask ApplyAsync(HttpRequestMessage request, AuthContext context, CancellationToken cancellationToken)
    {
        var token = await CurrentAsync(context, replaced: null, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue(token.Scheme, token.Value.Reveal());
        if (Dpop is not null && request.RequestUri is { IsAbsoluteUri: true } url)
        {
            request.Headers.Remove("DPoP");
            request.Headers.TryAddWithoutValidation("DPoP", Dpop.Create(request.Method, url, Clock.Now(context.Time), token.Value));
        }
    }

    public void Observe(HttpResponseMessage response) => Dpop?.Observe(response, DPoPServer.Resource);

    public void RenewProof(HttpRequestMessage request, TimeProvider time)
    {
        // Bound to the token the request carries (its ath), which a concurrent renewal may have replaced in the cache.
        if (Dpop is null || request.RequestUri is not { IsAbsoluteUri: true } url || request.Headers.Authorization?.Parameter is not { } sent) return;
        request.Headers.Remove("DPoP");
        // On the server's clock, as the proof it replaces: one set on a drifted host clock is refused as stale.
        request.Headers.TryAddWithoutValidation("DPoP", Dpop.Create(request.Method, url, Clock.Now(time), new Secret(sent)));
    }

    public async ValueTask<bool> RefreshAsync(AuthContext context, CancellationToken cancellationToken)
    {
        await CurrentAsync(context, replaced: _token, cancellationToken);
        return true;
    }

    public async ValueTask<bool> RefreshAsync(HttpResponseMessage unauthorized, AuthContext context, CancellationToken cancellationToken)
    {
        // A resource server that wants a (new) DPoP nonce: the token is fine, the proof needs the nonce.
        // Without one to send, a new token would be refused the same way: the 401 stands.
        if (Dpop is not null && DPoPProofs.AsksForNonce(unauthorized))
        {
            if (!Dpop.Observe(unauthorized, DPoPServer.Resource))
            {
                context.Log.Warn("the API demanded a DPoP nonce (use_dpop_nonce) but sent no DPoP-Nonce header");
                return false;
            }
            context.Log.Debug("the API demanded a DPoP nonce; retrying with it");
            return true;
        }
        Dpop?.Observe(unauthorized, DPoPServer.Resource);
        var sent = unauthorized.RequestMessage?.Headers.Authorization?.Parameter;
        var current = _token;
        // Renew only the token the request carried: a concurrent request may have renewed it already.
        await CurrentAsync(context, replaced: current is not null && (sent is null || sent == current.Value.Reveal()) ? current : null, cancellationToken);
        return true;
    }

    /// <summary>The cached token while fresh and not <paramref name="replaced"/>; otherwise a new one.</summary>
    private async Task<AccessToken> CurrentAsync(AuthContext context, AccessToken? replaced, CancellationToken ct)
    {
        var token = _token;
        if (token is not null && !ReferenceEquals(token, replaced) && token.IsFresh(context.Time.GetUtcNow())) return token;
        await _fetch.WaitAsync(ct);
        try
        {
            token = _token;
            if (token is not null && !ReferenceEquals(token, replaced) && token.IsFresh(context.Time.GetUtcNow())) return token;
            var fresh = await FetchAsync(context, ct);
            var lifetime = fresh.Expiry - fresh.Fetched;
            context.Log.Info("fetched an access token, valid for {ExpiresInSecs} s", (long)lifetime.TotalSeconds);
            _token = fresh;
            return fresh;
        }
        finally
        {
            _fetch.Release();
        }
    }

    public void Dispose()
    {
        _fetch.Dispose();
        Dpop?.Dispose();
    }
}
