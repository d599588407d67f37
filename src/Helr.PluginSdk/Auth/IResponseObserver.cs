namespace Helr.PluginSdk.Auth;

/// <summary>
/// An authenticator that learns from every API response, not only a 401: a DPoP server may hand out
/// a new nonce on any response (RFC 9449 §9), and the next request should carry it. Internal: the
/// kernel calls it after each attempt that carried the source's credentials.
/// </summary>
internal interface IResponseObserver
{
    /// <summary>Reads what the next requests need from <paramref name="response"/> (its request is the one sent).</summary>
    void Observe(HttpResponseMessage response);
}
