using Helr.Kernel.Config;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;
using Helr.Kernel.State;

namespace Helr.Kernel.Polling;

/// <summary>
/// Writes a source's state: a page's checkpoint values (per page or gathered until the cycle ends)
/// together with the dedupe ids of the pages flushed up to then. A failed write fails the cycle
/// unless the source may emit without a checkpoint. A stored URL keeps no secret of the source's url
/// (<see cref="UrlSecretParameters"/>).
/// </summary>
internal sealed class SourceStateWriter(SourceSettings settings, IStateStore store, SourceDedupe? dedupe, bool skipFailedCheckpoints, Telemetry telemetry,
    UrlSecretParameters urlSecrets)
{
    // The source's state as the store holds it: what the cycle read, with what it has written since.
    private Dictionary<string, string> _stored = new(StringComparer.Ordinal);

    /// <summary>
    /// A cycle starts from <paramref name="stored"/>; returns the values as it reads them: a URL's emptied
    /// secret parameters hold their configured value again.
    /// </summary>
    public IReadOnlyDictionary<string, string> Begin(IReadOnlyDictionary<string, string> stored)
    {
        _stored = new Dictionary<string, string>(stored, StringComparer.Ordinal);
        return urlSecrets.Restored(stored);
    }

    /// <summary>The state the next cycle starts from once <paramref name="pending"/> is written, as the store will hold it.</summary>
    public IReadOnlyDictionary<string, string> StoredWith(IReadOnlyDictionary<string, string> pending)
    {
        var state = new Dictionary<string, string>(_stored, StringComparer.Ordinal);
        foreach (var (k, v) in urlSecrets.Hidden(pending)) state[k] = v;
        return state;
    }

    // per_page: one commit per write batch. A page whose successor went out in the same batch leaves
    // its values in pending; the batch's last page writes them with its own position and dedupe ids.
    public async Task CheckpointAsync(IReadOnlyDictionary<string, string> checkpoint, Dictionary<string, string> pending, long mark, bool nextWritten)
    {
        foreach (var (k, v) in checkpoint) pending[k] = v;
        if (!settings.CheckpointPerPage || nextWritten) return;
        await WriteStateAsync(pending, mark);
        pending.Clear();
    }

    // Writes state together with the ids of events written since the last checkpoint (persisted dedupe).
    // Saves the state and the dedupe ids of pages up to mark (all of them flushed by now).
    public async Task WriteStateAsync(IReadOnlyDictionary<string, string> values, long mark)
    {
        var ids = dedupe?.UnsavedBefore(mark) ?? Array.Empty<string>();
        if (values.Count == 0 && ids.Length == 0) return;
        try
        {
            var hidden = urlSecrets.Hidden(values);
            await store.CommitAsync(settings.Id, new StateCommit(hidden, ids, dedupe?.Capacity ?? 0), CancellationToken.None);
            dedupe?.SavedUpTo(mark);
            foreach (var (k, v) in hidden) _stored[k] = v;
        }
        catch (Exception ex) when (skipFailedCheckpoints && ex is not (OutOfMemoryException or LeaseLostException))
        {
            telemetry.Emit(new StateWriteFailed(settings.Id, ex.Message));
        }
    }
}
