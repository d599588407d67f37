using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Gws;

/// <summary>
/// What the stored windows belong to: a fingerprint of the stream (<see cref="IWindowQuery.Stream"/>:
/// <c>url</c>, <c>application</c>, <c>user_key</c>, <c>customer_id</c>; Cloud Logging's <c>resource_names</c>
/// and <c>filter</c>) stored beside <c>window_end</c> as <c>window_end_query</c>. The end of the last
/// window, an unfinished window (its bounds, page token, edge) and the watermark describe one stream:
/// carried over after the user switched <c>application: login</c> to <c>admin</c>, the new stream's
/// activities before the old stream's window end were never asked for. After such an edit the cycle
/// reads a state without them (<see cref="StoredStream.State"/>), so the new stream starts as a first run does, and
/// the checkpoints clear them. <c>overlap_ids</c> is kept: a key names one activity (or log entry),
/// so it only recognises one written already. A window end stored without a fingerprint (by an earlier
/// version) is continued, and the fingerprint is written with the next checkpoint: an upgrade restarts nothing.
/// </summary>
internal static class StreamPosition
{
    public const string Key = "window_end_query";
    private static readonly string[] PositionKeys =
    {
        LagWindowCycle.EndKey, LagWindowCycle.PendingStartKey, LagWindowCycle.PendingEndKey, LagWindowCycle.PendingApiTargetKey,
        StoredPageToken.Key, StoredPageToken.QueryKey, WindowProgress.EdgeKey, WindowProgress.RestartKey, "watermark", "watermark_pending",
    };

    public static StoredStream Of(string fingerprint, ISourceState state) =>
        new(state, Key, fingerprint, PositionKeys);
}
