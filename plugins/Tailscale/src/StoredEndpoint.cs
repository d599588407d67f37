using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Tailscale;

/// <summary>
/// What the stored windows belong to: a fingerprint of the endpoint (<c>url</c>, <c>tailnet</c> and
/// <c>log</c>) stored beside <c>window_end</c> as <c>window_end_query</c>. The end of the last window,
/// and a window length shortened because an answer was too large (<c>window_secs</c>), describe one
/// log of one tailnet: carried over after the user switched <c>log</c> or <c>tailnet</c>, the new log's
/// entries before the old log's last window end were never asked for. After such an edit the cycle reads
/// a state without them (<see cref="State"/>), so the new log starts as a first run does, and the
/// checkpoints clear them. A window end stored without a fingerprint (by an earlier version) is
/// continued, and the fingerprint is written with the next checkpoint: an upgrade restarts nothing.
/// </summary>
internal sealed class StoredEndpoint
{
    public const string Key = "window_end_query";
    private static readonly string[] PositionKeys = { "window_end", TailscaleWindowLength.StateKey };

    public StoredEndpoint(Uri endpoint, ISourceState state)
    {
        Fingerprint = StoredCursor.FingerprintOf(endpoint, Array.Empty<KeyValuePair<string, string?>>());
        var stored = state.Get(Key);
        Changed = !string.IsNullOrEmpty(stored) && stored != Fingerprint && PositionKeys.Any(k => !string.IsNullOrEmpty(state.Get(k)));
        State = Changed ? new WithoutPosition(state) : state;
    }

    public string Fingerprint { get; }

    /// <summary>Windows are stored, but for another endpoint than the one configured now.</summary>
    public bool Changed { get; }

    /// <summary>The state the cycle reads: after an edit, without the old endpoint's windows.</summary>
    public ISourceState State { get; }

    /// <summary>Adds the fingerprint and, after an edit, clears what the checkpoint does not set of the old windows.</summary>
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
