using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.OnePassword;

/// <summary>
/// What the stored position belongs to: a fingerprint of the endpoint (<c>region</c> or <c>url</c>, and
/// <c>events</c>) stored beside the cursor as <c>cursor_query</c>. The cursor, the newest timestamp
/// written (<c>watermark</c>) and <c>start_time</c> all describe one endpoint's stream: after the user
/// switched <c>events</c> or the account's region, the old cursor sent to the new endpoint read the old
/// stream or was refused, and the reset that followed started at the old stream's newest timestamp,
/// skipping the new stream's events before it. After such an edit the cycle reads a state without them
/// (<see cref="State"/>), so the new endpoint starts as a first run does, and the checkpoints clear them.
/// A position stored without a fingerprint (by an earlier version) is resumed, and the fingerprint is
/// written with the next checkpoint: an upgrade restarts nothing.
/// </summary>
internal sealed class StoredEndpoint
{
    public const string Key = "cursor_query";
    private static readonly string[] PositionKeys = { "cursor", "start_time", "watermark", "watermark_pending" };

    public StoredEndpoint(Uri endpoint, ISourceState state)
    {
        Fingerprint = StoredCursor.FingerprintOf(endpoint, Array.Empty<KeyValuePair<string, string?>>());
        var stored = state.Get(Key);
        Changed = !string.IsNullOrEmpty(stored) && stored != Fingerprint && PositionKeys.Any(k => !string.IsNullOrEmpty(state.Get(k)));
        State = Changed ? new WithoutPosition(state) : state;
    }

    public string Fingerprint { get; }

    /// <summary>A position is stored, but for another endpoint than the one configured now.</summary>
    public bool Changed { get; }

    /// <summary>The state the cycle reads: after an edit, without the old endpoint's position.</summary>
    public ISourceState State { get; }

    /// <summary>Adds the fingerprint and, after an edit, clears what the checkpoint does not set of the old position.</summary>
    public void Add(IDictionary<string, string> checkpoint)
    {
        if (Changed)
            foreach (var key in PositionKeys) checkpoint.TryAdd(key, "");
        checkpoint[Key] = Fingerprint;
    }

    private sealed class WithoutPosition(ISourceState inner) : ISourceState
    {
        public string? Get(string key) => PositionKeys.Contains(key) ? null : inner.Get(key);

        public IEnumerable<KeyValuePair<string, string>> All => inner.All.Where(p => !PositionKeys.Contains(p.Key));
    }
}
