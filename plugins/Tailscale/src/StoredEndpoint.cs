using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Tailscale;

/// <summary>
/// What the stored windows belong to: a fingerprint of the endpoint (<c>url</c>, <c>tailnet</c> and
/// <c>log</c>) stored beside <c>window_end</c> as <c>window_end_query</c>. The end of the last window,
/// and a window length shortened because an answer was too large (<c>window_secs</c>), describe one
/// log of one tailnet: carried over after the user switched <c>log</c> or <c>tailnet</c>, the new log's
/// entries before the old log's last window end were never asked for. After such an edit the cycle reads
/// a state without them (<see cref="StoredStream.State"/>), so the new log starts as a first run does, and the
/// checkpoints clear them. A window end stored without a fingerprint (by an earlier version) is
/// continued, and the fingerprint is written with the next checkpoint: an upgrade restarts nothing.
/// </summary>
internal static class StoredEndpoint
{
    public const string Key = "window_end_query";
    private static readonly string[] PositionKeys = { "window_end", TailscaleWindowLength.StateKey };

    public static StoredStream Of(Uri endpoint, ISourceState state) =>
        new(state, Key, StoredCursor.FingerprintOf(endpoint, Array.Empty<KeyValuePair<string, string?>>()), PositionKeys);
}
