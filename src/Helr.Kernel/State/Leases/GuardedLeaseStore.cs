namespace Helr.Kernel.State.Leases;

/// <summary>
/// Every failure of the lease store as a <see cref="StateStoreUnavailableException"/>, the one type the
/// lease code handles. Any other type (a TLS handshake refused, a client bug, a reply of an unexpected
/// shape) escaped the source's loop before, which then ended without a word: the source was never
/// polled again, and its status kept showing its last good cycle.
/// </summary>
internal sealed class GuardedLeaseStore(ILeaseStore inner) : ILeaseStore
{
    public Task<long?> TryAcquireAsync(string sourceId, string holder, TimeSpan ttl, CancellationToken ct) =>
        Guard(() => inner.TryAcquireAsync(sourceId, holder, ttl, ct), ct);

    public Task<string?> GetHolderAsync(string sourceId, CancellationToken ct) => Guard(() => inner.GetHolderAsync(sourceId, ct), ct);

    public Task<long?> TakeOverAsync(string sourceId, string expected, string holder, TimeSpan ttl, CancellationToken ct) =>
        Guard(() => inner.TakeOverAsync(sourceId, expected, holder, ttl, ct), ct);

    public Task<int> HeartbeatAsync(string holder, TimeSpan ttl, CancellationToken ct) => Guard(() => inner.HeartbeatAsync(holder, ttl, ct), ct);

    public Task ReleaseAsync(string sourceId, string holder, CancellationToken ct) => Guard(async () =>
    {
        await inner.ReleaseAsync(sourceId, holder, ct);
        return 0;
    }, ct);

    public Task LeaveAsync(string holder, CancellationToken ct) => Guard(async () =>
    {
        await inner.LeaveAsync(holder, ct);
        return 0;
    }, ct);

    public Task<IReadOnlyList<string>> InstancesAsync(CancellationToken ct) => Guard(() => inner.InstancesAsync(ct), ct);

    private static async Task<T> Guard<T>(Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            // Not a stop this instance asked for: a timeout inside the client.
            throw new StateStoreUnavailableException($"the lease store did not answer: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not (StateStoreUnavailableException or OperationCanceledException or OutOfMemoryException))
        {
            // Its first line only, as the stores' own errors: it goes to the log and to the source's last_error.
            throw new StateStoreUnavailableException($"the lease store failed: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}", ex);
        }
    }
}
