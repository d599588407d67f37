namespace Helr.Kernel.State.Leases;

/// <summary>Where source leases live: the same Redis or Postgres as the state, with the server's clock deciding expiry.</summary>
internal interface ILeaseStore
{
    /// <summary>
    /// Takes the lease when it is free or expired, or extends it when <paramref name="holder"/> already
    /// holds it, for <paramref name="ttl"/>. Returns the lease's fencing token when <paramref name="holder"/>
    /// holds it afterwards (a new holder gets a larger token than any before it; an extension keeps the
    /// token), null otherwise. Throws <see cref="StateStoreUnavailableException"/> when the store cannot be reached.
    /// </summary>
    Task<long?> TryAcquireAsync(string sourceId, string holder, TimeSpan ttl, CancellationToken ct);

    /// <summary>The current holder of a live lease, or null.</summary>
    Task<string?> GetHolderAsync(string sourceId, CancellationToken ct);

    /// <summary>Takes the lease only if <paramref name="expected"/> still holds it (compare-and-set); the new token, or null.</summary>
    Task<long?> TakeOverAsync(string sourceId, string expected, string holder, TimeSpan ttl, CancellationToken ct);

    /// <summary>
    /// Registers <paramref name="holder"/> as a live instance for <paramref name="ttl"/> and returns how many
    /// instances are live (this one included), so each can take a fair share of the sources.
    /// </summary>
    Task<int> HeartbeatAsync(string holder, TimeSpan ttl, CancellationToken ct);

    /// <summary>Gives the lease up if <paramref name="holder"/> holds it, so another instance can take it at once (its token is kept).</summary>
    Task ReleaseAsync(string sourceId, string holder, CancellationToken ct);

    /// <summary>
    /// Takes <paramref name="holder"/> off the live instances (it is stopping), so the others count one
    /// instance fewer at their next heartbeat instead of once its registration expires.
    /// </summary>
    Task LeaveAsync(string holder, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Every registered instance (one whose registration has expired stays among them until a heartbeat removes it).</summary>
    Task<IReadOnlyList<string>> InstancesAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<string>>([]);
}
