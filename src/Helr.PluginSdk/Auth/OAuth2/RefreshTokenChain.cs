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
    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);

    /// <summary>Held for a whole grant: the reading of the stored token, the token request and the storing of what it rotated.</summary>
    public SemaphoreSlim Turn { get; } = new(1, 1);

    /// <summary>The newest refresh token the chain knows (read from a state or received), or null: the configured one.</summary>
    public Secret? Latest { get; set; }

    /// <summary>When <see cref="Latest"/> was rotated to (as stored with it in the shared state), or null: unknown.</summary>
    public DateTimeOffset? LatestAt { get; set; }

    /// <summary>
    /// The chain's own state, shared by every instance: what this process last read or wrote there (its
    /// <see cref="Member.Store"/> is not used: the shared store is reached through a source's).
    /// </summary>
    public Member Shared { get; } = new(null);

    /// <summary>
    /// False once a grant came back without a new refresh token (Google never rotates): then there is
    /// nothing to hand on, and the sources stop taking turns. A rotation sets it back to true.
    /// </summary>
    public volatile bool MayRotate = true;

    /// <summary>
    /// A source of the chain and what this process last saw of the token in its state. The state is
    /// read before every grant: a value other than <see cref="Seen"/> there was written by another
    /// instance (a shared store, or <c>helr test</c>), whose rotation revoked the chain's token.
    /// </summary>
    public sealed class Member(ICredentialStore? store)
    {
        /// <summary>Where the source's state keeps credentials (null: nowhere).</summary>
        public ICredentialStore? Store { get; set; } = store;

        /// <summary>The stored value as this process last read or wrote it (valid once <see cref="Known"/>).</summary>
        public string? Seen { get; set; }

        /// <summary>
        /// True once this process read or wrote the state. Set only by a read that answered or a write
        /// that went through: a first read that failed is retried at the next grant, not skipped (the
        /// configured token may have been revoked by a rotation long ago).
        /// </summary>
        public bool Known { get; set; }
    }

    /// <summary>Counts the source in, with where its state keeps credentials (null: nowhere).</summary>
    public Member Join(string sourceId, ICredentialStore? store)
    {
        lock (_members)
        {
            if (_members.TryGetValue(sourceId, out var member)) member.Store = store;
            else _members[sourceId] = member = new Member(store);
            return member;
        }
    }

    /// <summary>The sources in the chain whose state keeps credentials.</summary>
    public IReadOnlyList<Member> Stored()
    {
        lock (_members) return _members.Values.Where(m => m.Store is not null).ToList();
    }
}

/// <summary>
/// The chains of one process. <see cref="Process"/> is static: the SDK is the one type set shared by
/// every plugin, so sources of different plugins (and a reloaded source and its successor) meet
/// there. Tests make one per simulated instance, as two instances share a store but no memory.
/// </summary>
internal sealed class RefreshTokenChains
{
    public static RefreshTokenChains Process { get; } = new();

    private readonly ConcurrentDictionary<string, RefreshTokenChain> _chains = new(StringComparer.Ordinal);

    /// <param name="tokenUrl">The token endpoint.</param>
    /// <param name="fingerprint">Of the configured refresh token: configuring a new one starts a new chain.</param>
    public RefreshTokenChain For(Uri tokenUrl, string fingerprint) =>
        _chains.GetOrAdd(tokenUrl.AbsoluteUri + " " + fingerprint, _ => new RefreshTokenChain());
}
