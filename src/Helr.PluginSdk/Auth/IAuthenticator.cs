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
}
