namespace Helr.PluginSdk.Auth;

/// <summary>Puts credentials on requests.</summary>
public interface IAuthenticator
{
    /// <summary>
    /// Adds credentials to <paramref name="request"/> just before it is sent (once per attempt). A
    /// token that must be fetched first is fetched through <see cref="AuthContext.Sender"/>.
    /// </summary>
    ValueTask ApplyAsync(HttpRequestMessage request, AuthContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Called once when a request gets 401: drop cached credentials and fetch new ones. Return true
    /// when a retry may succeed, false when nothing changed (static credentials).
    /// </summary>
    ValueTask<bool> RefreshAsync(AuthContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Called instead of <see cref="RefreshAsync(AuthContext, CancellationToken)"/> when the host has
    /// the 401 response: an authenticator can read its challenge (a DPoP nonce) or see that the
    /// request carried a token already replaced. By default it calls the other overload.
    /// </summary>
    /// <param name="unauthorized">The 401 response, with its request.</param>
    /// <param name="context">The source's auth context.</param>
    /// <param name="cancellationToken">Cancels the renewal.</param>
    ValueTask<bool> RefreshAsync(HttpResponseMessage unauthorized, AuthContext context, CancellationToken cancellationToken) =>
        RefreshAsync(context, cancellationToken);
}
