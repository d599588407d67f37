namespace Helr.Kernel.State.Leases;

/// <summary>
/// Stamps every checkpoint of a running instance with its lease holder id, so the store writes it only
/// while this instance still holds the source (a paused instance cannot overwrite its successor's state).
/// </summary>
internal sealed class LeaseFencedStateStore(IStateStore inner, string holder) : IStateStore
{
    public string Description => inner.Description;

    public Task<IReadOnlyDictionary<string, string>> GetAllAsync(string sourceId, CancellationToken ct = default) => inner.GetAllAsync(sourceId, ct);

    public Task CommitAsync(string sourceId, StateCommit commit, CancellationToken ct = default) =>
        inner.CommitAsync(sourceId, commit with { LeaseHolder = holder }, ct);

    public Task<IReadOnlyList<string>> GetDedupeIdsAsync(string sourceId, int capacity, CancellationToken ct = default) =>
        inner.GetDedupeIdsAsync(sourceId, capacity, ct);

    public Task ClearSourceAsync(string sourceId, CancellationToken ct = default) => inner.ClearSourceAsync(sourceId, ct);

    public Task<IReadOnlyList<string>> ListSourcesAsync(CancellationToken ct = default) => inner.ListSourcesAsync(ct);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
