using Helr.Kernel.State.Leases;

namespace Helr.Kernel.State;

// Writing kept checkpoints before a lease goes back (over the share, a reload removing the source, a
// shutdown): otherwise they are written only at the source's next read or write, which never comes
// here once another instance polls it.
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

    public void Discard(string sourceId, string why)
    {
        if (_kept.TryRemove(sourceId, out _)) log.Warning("dropping the checkpoints of {SourceId} kept in memory: {Why}", sourceId, why);
    }
}
