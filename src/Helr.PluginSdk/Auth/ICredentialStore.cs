namespace Helr.PluginSdk.Auth;

/// <summary>
/// Durable storage for credentials a server hands out at runtime, such as a rotated OAuth2 refresh
/// token, kept in the source's state so a restart does not reuse a revoked one. Values stored here
/// are printed as <c>[REDACTED]</c> by <c>helr state show</c> and <c>state export</c>, and
/// <c>state import</c> never overwrites one with that placeholder.
/// </summary>
public interface ICredentialStore
{
    /// <summary>The stored value named <paramref name="name"/>, or null when there is none.</summary>
    /// <param name="name">A name of the authenticator's choosing, e.g. <c>oauth2_refresh_token</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<Secret?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="value"/> under <paramref name="name"/> at once (not with the next checkpoint).</summary>
    /// <param name="name">A name of the authenticator's choosing.</param>
    /// <param name="value">The credential.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task SetAsync(string name, Secret value, CancellationToken cancellationToken);
}
