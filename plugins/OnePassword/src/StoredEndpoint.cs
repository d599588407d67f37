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
/// (<see cref="StoredStream.State"/>), so the new endpoint starts as a first run does, and the checkpoints clear them.
/// A position stored without a fingerprint (by an earlier version) is resumed, and the fingerprint is
/// written with the next checkpoint: an upgrade restarts nothing.
/// </summary>
internal static class StoredEndpoint
{
    public const string Key = "cursor_query";
    private static readonly string[] PositionKeys = { "cursor", "start_time", "watermark", "watermark_pending" };

    public static StoredStream Of(Uri endpoint, ISourceState state) =>
        new(state, Key, StoredCursor.FingerprintOf(endpoint, Array.Empty<KeyValuePair<string, string?>>()), PositionKeys);
}
