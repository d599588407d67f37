using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Gws;

/// <summary>
/// What the stored windows belong to: a fingerprint of the stream (<see cref="IWindowQuery.Stream"/>:
/// <c>url</c>, <c>application</c>, <c>user_key</c>, <c>customer_id</c>; Cloud Logging's <c>resource_names</c>
/// and <c>filter</c>) stored beside <c>window_end</c> as <c>window_end_query</c>. The end of the last
/// window, an unfinished window (its bounds, page token, edge) and the watermark describe one stream:
/// carried over after the user switched <c>application: login</c> to <c>admin</c>, the new stream's
/// activities before the old stream's window end were never asked for. After such an edit the cycle
/// reads a state without them (<see cref="State"/>), so the new stream starts as a first run does, and
/// the checkpoints clear them. <c>overlap_ids</c> is kept: a key names one activity (or log entry),
/// so it only recognises one written already. A window end stored without a fingerprint (by an earlier
/// version) is continued, and the fingerprint is written with the next checkpoint: an upgrade restarts nothing.
/// </summary>
internal sealed class StoredStream
{
    public const string Key = "window_end_query";
    private static readonly string[] PositionKeys =
    {
        LagWindowCycle.EndKey, LagWindowCycle.PendingStartKey, LagWindowCycle.PendingEndKey, LagWindowCycle.PendingApiTargetKey,
        StoredPageToken.Key, StoredPageToken.QueryKey, WindowProgress.EdgeKey, WindowProgress.RestartKey, "watermark", "watermark_pending",
    };

    public StoredStream(string fingerprint, ISourceState state)
    {
        Fingerprint = fingerprint;
        var stored = state.Get(Key);
        Changed = !string.IsNullOrEmpty(stored) && stored != fingerprint && PositionKeys.Any(k => !string.IsNullOrEmpty(state.Get(k)));
        State = Changed ? new WithoutPosition(state) : state;
    }

    public string Fingerprint { get; }

    /// <summary>Windows are stored, but for another stream than the one configured now.</summary>
    public bool Changed { get; }

    /// <summary>The state the cycle reads: after an edit, without the old stream's windows.</summary>
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
