using Helr.PluginSdk.Events;

namespace Helr.Kernel.Output;

/// <summary>
/// What the plugin supplied for one event's envelope, in place of what the source's settings read
/// from the event: <c>meta.id</c> (and dedupe key), <c>ts</c>, the label's value; and what only a
/// plugin supplies: <c>meta.cursor</c> and <c>meta.request_id</c>. Null (or empty, but for the
/// cursor): not supplied.
/// </summary>
internal readonly record struct SuppliedFields(string? Id, string? Ts = null, string? Label = null, string? Cursor = null, string? RequestId = null)
{
    /// <summary>Whether <paramref name="batch"/> or <paramref name="ids"/> supply anything: checked once per batch, so a batch without keeps the per-event path as it was.</summary>
    public static bool Any(EventBatch batch, IReadOnlyList<string?>? ids) =>
        ids is not null || batch.Timestamps is not null || batch.Labels is not null || batch.Cursors is not null || !string.IsNullOrEmpty(batch.RequestId);

    /// <summary>Event <paramref name="index"/>'s supplied fields.</summary>
    public static SuppliedFields At(EventBatch batch, IReadOnlyList<string?>? ids, int index) =>
        new(Entry(ids, index), TsAt(batch, index), NonEmpty(Entry(batch.Labels, index)), Entry(batch.Cursors, index), NonEmpty(batch.RequestId));

    /// <summary>Event <paramref name="index"/>'s supplied <c>ts</c>, or null.</summary>
    public static string? TsAt(EventBatch batch, int index) => NonEmpty(Entry(batch.Timestamps, index));

    private static string? Entry(IReadOnlyList<string?>? list, int index) => list is not null && index < list.Count ? list[index] : null;

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
