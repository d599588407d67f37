using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Paging;

/// <summary>
/// What a source's stored position belongs to: a fingerprint of the stream it reads (the endpoint, the
/// log, the application: whatever makes another stream, not a narrower view of the same one), stored
/// beside the position under <see cref="Key"/>. A position carried over to another stream skips that
/// stream's events before it (a window end) or is sent where it means nothing (a cursor). After such an
/// edit the cycle reads a state without the position (<see cref="State"/>), so the new stream starts as
/// a first run does, and <see cref="Add"/> clears the old position with the next checkpoint. A position
/// stored without a fingerprint (by an earlier version, or set by hand) is continued, and the fingerprint
/// is written with the next checkpoint: an upgrade restarts nothing. Unlike <see cref="StoredCursor"/>,
/// which restarts one traversal of the same stream, this forgets the whole position.
/// </summary>
public sealed class StoredStream
{
    private readonly string[] _positionKeys;

    /// <param name="state">The cycle's state.</param>
    /// <param name="key">Where the fingerprint is stored (e.g. <c>cursor_query</c>).</param>
    /// <param name="fingerprint">The stream configured now (<see cref="StoredCursor.FingerprintOf"/>).</param>
    /// <param name="positionKeys">The state keys that hold the position in the stream.</param>
    public StoredStream(ISourceState state, string key, string fingerprint, IEnumerable<string> positionKeys)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        ArgumentNullException.ThrowIfNull(positionKeys);
        Key = key;
        Fingerprint = fingerprint;
        _positionKeys = positionKeys.ToArray();
        var stored = state.Get(key);
        Changed = !string.IsNullOrEmpty(stored) && stored != fingerprint && _positionKeys.Any(k => !string.IsNullOrEmpty(state.Get(k)));
        State = Changed ? new WithoutPosition(state, _positionKeys) : state;
    }

    /// <summary>The state key of the fingerprint.</summary>
    public string Key { get; }

    /// <summary>The stream configured now.</summary>
    public string Fingerprint { get; }

    /// <summary>A position is stored, but for another stream than the one configured now.</summary>
    public bool Changed { get; }

    /// <summary>The state the cycle reads: after an edit, without the old stream's position.</summary>
    public ISourceState State { get; }

    /// <summary>Adds the fingerprint and, after an edit, clears what the checkpoint does not set of the old position.</summary>
    public void Add(IDictionary<string, string> checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (Changed)
            foreach (var key in _positionKeys) checkpoint.TryAdd(key, "");
        checkpoint[Key] = Fingerprint;
    }

    private sealed class WithoutPosition(ISourceState inner, string[] positionKeys) : ISourceState
    {
        public string? Get(string key) => positionKeys.Contains(key) ? null : inner.Get(key);

        public IEnumerable<KeyValuePair<string, string>> All => inner.All.Where(p => !positionKeys.Contains(p.Key));
    }
}
