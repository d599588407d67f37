namespace Helr.PluginSdk.Auth;

/// <summary>
/// A source's <see cref="ICredentialStore"/> that can also hand out one kept apart from every source's
/// state, for a credential several sources share (a rotated refresh token): an instance that runs none
/// of the sources it was stored for still finds it there.
/// </summary>
internal interface ISharedCredentialStore
{
    /// <summary>The store kept under <paramref name="key"/>; the key must hold no secret (state listings show it).</summary>
    ICredentialStore Shared(string key);
}
