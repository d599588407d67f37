namespace Helr.PluginSdk.Auth;

/// <summary>
/// An authenticator whose credentials include a proof of the moment a request is sent (a DPoP proof's
/// <c>iat</c>). Internal: the kernel applies credentials before a request waits for its bulkhead permit
/// (a token fetch must not wait for a permit its own request holds), and a proof made then goes stale
/// while the request waits; once the permit is held, the kernel asks for a proof made now.
/// </summary>
internal interface IRequestProofs
{
    /// <summary>
    /// Puts a proof made now on <paramref name="request"/> for the token it already carries. Never
    /// fetches a token: it runs inside the request's permits.
    /// </summary>
    void RenewProof(HttpRequestMessage request, TimeProvider time);
}
