using Helr.Kernel.Observability.Telemetry.Events;

namespace Helr.Kernel.State.Leases;

// Giving leases back: to balance load, because a reload removed the source, or because the store said
// another instance holds it. Each change of one source's holding takes that source's lock (ChangingAsync).
internal sealed partial class SourceLeases
{
    /// <summary>
    /// Gives the source back when this instance holds more than its share (another instance joined).
    /// Called between cycles, so the source's state is checkpointed; one source at a time.
    /// </summary>
    public async Task<bool> TryReleaseForBalanceAsync(string sourceId)
    {
        // The common answer (at or below the share) without the source's lock: asked before every cycle.
        if (_held.Count <= Share) return false;
        var one = await ChangingAsync(sourceId, CancellationToken.None);
        try
        {
            lock (_balance)
            {
                if (!_held.TryGetValue(sourceId, out var token) || token == 0 || _held.Count <= Share) return false;
            }
            // Kept until its next cycle writes them back when the store cannot take them now.
            if (!await SettleAsync(sourceId, CancellationToken.None)) return false;
            lock (_balance)
            {
                if (!_held.TryGetValue(sourceId, out var token) || token == 0 || _held.Count <= Share) return false;
                _held.TryRemove(sourceId, out _);
            }
            _telemetry.Emit(new LeaseChanged(sourceId, LeaseChanged.Released, Instances: _instances, Sources: _sources));
            try
            {
                await _store.ReleaseAsync(sourceId, Holder, CancellationToken.None);
            }
            catch (StateStoreUnavailableException)
            {
                // It expires on its own.
            }
            return true;
        }
        finally
        {
            one.Release();
        }
    }

    /// <summary>Forgets a lease the store said belongs to another instance.</summary>
    public void MarkLost(string sourceId)
    {
        if (!_held.TryRemove(sourceId, out _)) return;
        _telemetry.Emit(new LeaseChanged(sourceId, LeaseChanged.Lost));
        // Another instance has held the source since: they would be refused, and kept they would hold the
        // instance in fallback mode (every source at the reduced frequency) as nothing of this source comes to write them.
        Kept?.Discard(sourceId, "another instance polls it now, from the stored position");
    }

    /// <summary>
    /// A reload took the source out of this instance's config (its loop has stopped): the lease goes back
    /// at once, instead of being renewed for a source this instance no longer polls. The reload then
    /// tells <see cref="Resize"/> how many sources are left.
    /// </summary>
    public async Task DropAsync(string sourceId)
    {
        _seenAvailable.TryRemove(sourceId, out _);
        var one = await ChangingAsync(sourceId, CancellationToken.None);
        var held = false;
        try
        {
            // No cycle of the source comes any more to write them back later: now, or never.
            if (_held.ContainsKey(sourceId) && !await SettleAsync(sourceId, CancellationToken.None))
                Kept?.Discard(sourceId, "this instance no longer polls it and the state store cannot take them; the instance that takes it over collects their pages again");
            held = _held.TryRemove(sourceId, out _);
            if (held) await _store.ReleaseAsync(sourceId, Holder, CancellationToken.None);
        }
        catch (StateStoreUnavailableException)
        {
            // It expires on its own.
        }
        finally
        {
            one.Release();
        }
        if (held) _telemetry.Emit(new LeaseChanged(sourceId, LeaseChanged.Dropped));
    }

    /// <summary>Over the memory fallback: checkpoints kept in memory that must be stored before a lease goes back.</summary>
    public IKeptCheckpoints? Kept { get; set; }

    // True when nothing the fallback kept for the source is left to write (or there is no fallback).
    private async Task<bool> SettleAsync(string sourceId, CancellationToken ct)
    {
        if (Kept is null) return true;
        try
        {
            return await Kept.SettleAsync(sourceId, ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A reload added or removed sources: the share counts <paramref name="sources"/> from now on.</summary>
    public void Resize(int sources) => _sources = sources;
}
