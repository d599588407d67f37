namespace Helr.Kernel.State.Leases;

/// <summary>Where source leases live: the same Redis or Postgres as the state, with the server's clock deciding expiry.</summary>
internal interface ILeaseStore
{
    /// <summary>
    /// Takes the lease when it is free or expired, or extends it when <paramref name="holder"/> already
    /// holds it, for <paramref name="ttl"/>. True when <paramref name="holder"/> holds it afterwards.
    /// Throws <see cref="StateStoreUnavailableException"/> when the store cannot be reached.
    /// </summary>
    Task<bool> TryAcquireAsync(string sourceId, string holder, TimeSpan ttl, CancellationToken ct);

    /// <summary>The current holder of a live lease, or null.</summary>
    Task<string?> GetHolderAsync(string sourceId, CancellationToken ct);

    /// <summary>Takes the lease only if <paramref name="expected"/> still holds it (compare-and-set).</summary>
    Task<bool> TakeOverAsync(string sourceId, string expected, string holder, TimeSpan ttl, CancellationToken ct);

    /// <summary>
    /// Registers <paramref name="holder"/> as a live instance for <paramref name="ttl"/> and returns how many
    /// instances are live (this one included), so each can take a fair share of the sources.
    /// </summary>
    Task<int> HeartbeatAsync(string holder, TimeSpan ttl, CancellationToken ct);

    /// <summary>Gives the lease up if <paramref name="holder"/> holds it, so another instance can take it at once.</summary>
    Task ReleaseAsync(string sourceId, string holder, CancellationToken ct);
}
