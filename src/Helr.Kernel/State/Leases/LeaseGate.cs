namespace Helr.Kernel.State.Leases;

/// <summary>
/// What the scheduler asks before each cycle of a source: does this instance hold its lease? An
/// instance that does not keeps asking every third of the lease time, so when the holder dies (its
/// lease expires) another instance takes the source over from the stored checkpoint.
/// </summary>
internal sealed class LeaseGate(SourceLeases leases, TimeProvider time)
{
    private TimeSpan RetryDelay => TimeSpan.FromTicks(leases.Ttl.Ticks / 3);

    /// <summary>
    /// Waits until the lease is held and returns holding <paramref name="turn"/> (the source's cycle lock);
    /// false when stopped first (then without it). <paramref name="onAcquired"/> runs when the lease is
    /// newly taken (the source's dedupe window must then be reloaded: another instance wrote to it).
    /// <paramref name="refused"/> gets why, for each attempt the store failed (an error, not another holder):
    /// the source is not collected meanwhile, which must not go unseen.
    /// </summary>
    /// <remarks>
    /// Each attempt is made holding <paramref name="turn"/>, so a lease is taken only between cycles: a
    /// cycle that began under a holding since lost (a poll triggered through the API) must not see its
    /// later checkpoints stamped with the token of a holding taken while it ran, which would let it
    /// overwrite what another instance stored meanwhile with a position read before that instance's turn.
    /// </remarks>
    public async Task<bool> WaitAsync(string sourceId, Action onAcquired, SemaphoreSlim turn, CancellationToken ct, Action<string>? refused = null)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await turn.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            LeaseRefusal? refusal;
            try
            {
                // Held already (null), or taken now.
                refusal = await AttemptAsync(sourceId, onAcquired, ct, once: false);
            }
            catch
            {
                // A loop ended by a store error must not keep the lock: a shutdown waits for it.
                turn.Release();
                throw;
            }
            if (refusal is null && !ct.IsCancellationRequested) return true;
            turn.Release();
            if (refusal is { StoreFailed: true }) refused?.Invoke(refusal.Why);
            try
            {
                var jitter = 0.8 + Random.Shared.NextDouble() * 0.4;
                await Task.Delay(RetryDelay * jitter, time, ct);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>
    /// Gives the source back when this instance is over its share. Called with the source's cycle lock
    /// held, so no cycle (scheduled or triggered) is between its write and its checkpoint.
    /// </summary>
    public Task<bool> GiveBackForBalanceAsync(string sourceId) => leases.TryReleaseForBalanceAsync(sourceId);

    /// <summary>
    /// One attempt (a triggered poll, or <paramref name="once"/> for <c>run --once</c>): true when this instance
    /// may poll the source now. See <see cref="SourceLeases.TryAcquireAsync"/> for what <paramref name="once"/> changes.
    /// </summary>
    public async Task<bool> TryAcquireAsync(string sourceId, Action onAcquired, CancellationToken ct, bool once = false) =>
        await WhyNotAsync(sourceId, onAcquired, ct, once) is null;

    /// <summary>
    /// <see cref="TryAcquireAsync"/> that says why not (a poll triggered through the API answers with it):
    /// null when this instance may poll the source now.
    /// </summary>
    public async Task<string?> WhyNotAsync(string sourceId, Action onAcquired, CancellationToken ct, bool once = false) =>
        (await AttemptAsync(sourceId, onAcquired, ct, once))?.Why;

    private async Task<LeaseRefusal?> AttemptAsync(string sourceId, Action onAcquired, CancellationToken ct, bool once)
    {
        if (leases.IsHeld(sourceId)) return null;
        LeaseRefusal? refusal;
        try
        {
            refusal = await leases.AttemptAsync(sourceId, ct, once);
        }
        catch (OperationCanceledException)
        {
            return new LeaseRefusal("the source was stopped before its lease could be taken");
        }
        if (refusal is null) onAcquired();
        return refusal;
    }

    /// <summary>A reload removed the source and its loop has stopped.</summary>
    public Task DropAsync(string sourceId) => leases.DropAsync(sourceId);

    /// <summary>A reload changed how many sources this instance is configured with.</summary>
    public void Resize(int sources) => leases.Resize(sources);

    /// <summary>A cycle's write was refused: the lease is someone else's now.</summary>
    public void OnError(string sourceId, Exception? error)
    {
        if (error is LeaseLostException) leases.MarkLost(sourceId);
    }
}
