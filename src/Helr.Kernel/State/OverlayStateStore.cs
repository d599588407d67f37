namespace Helr.Kernel.State;

/// <summary>
/// Reads through to a real store but keeps writes in memory: <c>helr test</c> starts from the stored
/// state and never changes a position (only a credential the server rotated is written through, unless
/// <paramref name="credentialsThrough"/> is false: a replay's token answers are recorded ones).
/// </summary>
internal sealed class OverlayStateStore(IStateStore inner, bool credentialsThrough = true) : IStateStore
{
    private readonly MemoryStateStore _writes = new();

    public string Description => $"{inner.Description} (read-only: writes kept in memory)";

    public async Task<IReadOnlyDictionary<string, string>> GetAllAsync(string sourceId, CancellationToken ct = default)
    {
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in await inner.GetAllAsync(sourceId, ct)) merged[k] = v;
        foreach (var (k, v) in await _writes.GetAllAsync(sourceId, ct)) merged[k] = v;
        return merged;
    }

    // A credential the server rotated is the exception: the rotation revoked the stored one, which the
    // running instance and every later run would otherwise send. A failure reaches the caller (the
    // refresh-token keeper warns and keeps it).
    public async Task CommitAsync(string sourceId, StateCommit commit, CancellationToken ct = default)
    {
        if (credentialsThrough && CredentialState.IsCredentialOnly(commit)) await inner.CommitAsync(sourceId, commit with { Fence = null }, ct);
        await _writes.CommitAsync(sourceId, commit with { Fence = null }, ct);
    }

    public async Task<IReadOnlyList<string>> GetDedupeIdsAsync(string sourceId, int capacity, CancellationToken ct = default)
    {
        var ids = (await inner.GetDedupeIdsAsync(sourceId, capacity, ct)).Concat(await _writes.GetDedupeIdsAsync(sourceId, capacity, ct)).ToList();
        return ids.Skip(Math.Max(0, ids.Count - capacity)).ToList();
    }

    public Task ClearSourceAsync(string sourceId, CancellationToken ct = default) => _writes.ClearSourceAsync(sourceId, ct);

    public Task<IReadOnlyList<string>> ListSourcesAsync(CancellationToken ct = default) => inner.ListSourcesAsync(ct);

    public Task PingAsync(CancellationToken ct = default) => inner.PingAsync(ct);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
