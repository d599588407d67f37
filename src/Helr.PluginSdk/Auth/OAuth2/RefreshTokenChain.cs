using System.Collections.Concurrent;

namespace Helr.PluginSdk.Auth.OAuth2;

/// <summary>
/// The sources of this process configured with one refresh token for one token endpoint (a Google
/// Workspace source per application, one grant). A server that rotates refresh tokens accepts only
/// the newest, and some revoke the whole family when an older one comes back: so these sources take
/// turns, one grant at a time with the newest token, and each rotation is stored in all their states.
/// </summary>
internal sealed class RefreshTokenChain
{
    // Static: the SDK is the one type set shared by every plugin, so sources of different plugins
    // (and a reloaded source and its successor) meet here.
    private static readonly ConcurrentDictionary<string, RefreshTokenChain> Chains = new(StringComparer.Ordinal);

    private readonly Dictionary<string, ICredentialStore?> _members = new(StringComparer.Ordinal);

    /// <summary>Held for a whole grant: the token request and the storing of what it rotated.</summary>
    public SemaphoreSlim Turn { get; } = new(1, 1);

    /// <summary>The newest refresh token the chain knows (read from a state or received), or null: the configured one.</summary>
    public Secret? Latest { get; set; }

    /// <summary>
    /// False once a grant came back without a new refresh token (Google never rotates): then there is
    /// nothing to hand on, and the sources stop taking turns. A rotation sets it back to true.
    /// </summary>
    public volatile bool MayRotate = true;

    /// <param name="tokenUrl">The token endpoint.</param>
    /// <param name="fingerprint">Of the configured refresh token: configuring a new one starts a new chain.</param>
    public static RefreshTokenChain For(Uri tokenUrl, string fingerprint) =>
        Chains.GetOrAdd(tokenUrl.AbsoluteUri + " " + fingerprint, _ => new RefreshTokenChain());

    /// <summary>Counts the source in, with where its state keeps credentials (null: nowhere).</summary>
    public void Join(string sourceId, ICredentialStore? store)
    {
        lock (_members) _members[sourceId] = store;
    }

    /// <summary>The credential stores of every source in the chain.</summary>
    public IReadOnlyList<ICredentialStore> Stores()
    {
        lock (_members) return _members.Values.OfType<ICredentialStore>().ToList();
    }
}
