using Helr.Kernel.State.Leases;

namespace Helr.Kernel.State;

// Writing kept checkpoints before a lease goes back (over the share, a reload removing the source, a
// shutdown): otherwise they are written only at the source's next read or write, which never comes
// here once another instance polls it. Also reads that are not a cycle's start (PeekAsync) and
// credential writes, neither of which is part of a cycle's position.
internal sealed partial class FallbackStateStore : IKeptCheckpoints
{
    public async Task<bool> SettleAsync(string sourceId, CancellationToken ct)
    {
        if (!_kept.ContainsKey(sourceId)) return true;
        try
        {
            await WriteBackAsync(sourceId, ct);
            Recovered();
            return true;
        }
        catch (StateStoreUnavailableException ex)
        {
            Degraded(ex);
            return false;
        }
        catch (LeaseLostException)
        {
            // Dropped: another instance polls the source (WriteBackAsync said so).
            return true;
        }
    }

    // Neither a write-back nor a new start: the position a cycle started from (_base), the "store wins"
    // mark of a stale cycle (_stale) and the mirror are the cycles' own, and a read by the REST API, a
    // dump or the refresh-token keeper in the middle of a stale cycle must not let its checkpoints through.
    public async Task<IReadOnlyDictionary<string, string>> PeekAsync(string sourceId, CancellationToken ct = default)
    {
        try
        {
            return await primary.GetAllAsync(sourceId, ct);
        }
        catch (StateStoreUnavailableException ex)
        {
            Degraded(ex);
            return await _mirror.GetAllAsync(sourceId, ct);
        }
    }

    // A stored credential (a rotated refresh token) is not a position and is not kept in memory: a kept
    // one would be dropped with the positions when the store wins, leaving only the token it revoked.
    // A failure goes to the caller (the refresh-token keeper keeps it and stores it at its next request).
    private async Task WriteCredentialAsync(string sourceId, StateCommit commit, CancellationToken ct)
    {
        try
        {
            await primary.CommitAsync(sourceId, commit, ct);
        }
        catch (StateStoreUnavailableException ex)
        {
            Degraded(ex);
            throw;
        }
        Stored(sourceId, commit.Values);
        await _mirror.CommitAsync(sourceId, commit, ct);
    }

    public void Discard(string sourceId, string why)
    {
        if (_kept.TryRemove(sourceId, out _)) log.Warning("dropping the checkpoints of {SourceId} kept in memory: {Why}", sourceId, why);
    }
}
