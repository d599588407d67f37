namespace Helr.Kernel.State.Leases;

/// <summary>
/// Stamps every checkpoint of a running instance with its lease's fencing token, so the store writes
/// it only while no other instance has held the source since this one took it (a paused instance
/// cannot overwrite its successor's state). A source this instance no longer holds is not written at all.
/// </summary>
internal sealed class LeaseFencedStateStore : IStateStore
{
    private readonly IStateStore inner;
    private readonly SourceLeases leases;

    public LeaseFencedStateStore(IStateStore inner, SourceLeases leases)
    {
        this.inner = inner;
        this.leases = leases;
        // Over the memory fallback, a lease goes back only once its source's kept checkpoints are stored.
        if (inner is IKeptCheckpoints kept) leases.Kept = kept;
    }

    public string Description => inner.Description;

    /// <summary>False once the lease is lost: a cycle in progress must not write its next page.</summary>
    public bool Holds(string sourceId) => leases.IsHeld(sourceId);

    public Task<IReadOnlyDictionary<string, string>> GetAllAsync(string sourceId, CancellationToken ct = default) => inner.GetAllAsync(sourceId, ct);

    public Task<IReadOnlyDictionary<string, string>> PeekAsync(string sourceId, CancellationToken ct = default) => inner.PeekAsync(sourceId, ct);

    // A rotated refresh token is no position: the server revoked the one it replaced, whoever polls the source.
    // Refused for a source another instance holds now (one sharing the token, given back to balance the load),
    // it left that instance sending the revoked token: invalid_grant until someone configured a new one.
    // helr test stores it holding no lease at all.
    public Task CommitAsync(string sourceId, StateCommit commit, CancellationToken ct = default) =>
        CredentialState.IsCredentialOnly(commit) ? inner.CommitAsync(sourceId, commit, ct)
        : leases.FenceFor(sourceId) is { } fence
            ? inner.CommitAsync(sourceId, commit with { Fence = fence }, ct)
            : throw new LeaseLostException(sourceId);

    public Task<IReadOnlyList<string>> GetDedupeIdsAsync(string sourceId, int capacity, CancellationToken ct = default) =>
        inner.GetDedupeIdsAsync(sourceId, capacity, ct);

    public Task ClearSourceAsync(string sourceId, CancellationToken ct = default) => inner.ClearSourceAsync(sourceId, ct);

    public Task<IReadOnlyList<string>> ListSourcesAsync(CancellationToken ct = default) => inner.ListSourcesAsync(ct);

    public Task PingAsync(CancellationToken ct = default) => inner.PingAsync(ct);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
