namespace Helr.Kernel.State;

/// <summary>
/// Durable per-source key/value state (cursors, next URLs, watermarks) plus each source's persisted
/// dedupe window (the ids of the most recent events written).
/// </summary>
internal interface IStateStore : IAsyncDisposable
{
    /// <summary>Human-readable description for logs, e.g. <c>sqlite ./helr-state.db</c>; never holds a password.</summary>
    string Description { get; }

    /// <summary>The source's values, read at the start of one of its cycles.</summary>
    Task<IReadOnlyDictionary<string, string>> GetAllAsync(string sourceId, CancellationToken ct = default);

    /// <summary>
    /// The source's values, read for any other purpose (the REST API, a dump, a stored credential): the
    /// memory fallback starts nothing from it, unlike <see cref="GetAllAsync"/>.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> PeekAsync(string sourceId, CancellationToken ct = default) => GetAllAsync(sourceId, ct);

    /// <summary>
    /// Writes the commit's values and appends its dedupe ids atomically (one transaction / one script),
    /// trimming the window to the commit's capacity. With a lease holder set, nothing is written
    /// while another instance holds the source's lease: <see cref="LeaseLostException"/>.
    /// </summary>
    Task CommitAsync(string sourceId, StateCommit commit, CancellationToken ct = default);

    /// <summary>
    /// Several sources' commits together (<c>helr state import</c>), without lease checks: one
    /// transaction (SQLite, PostgreSQL) or one script (Redis), so a store error part-way writes none of
    /// them. This default, for stores that cannot fail part-way (memory) or only wrap another, writes
    /// them one by one.
    /// </summary>
    async Task CommitAllAsync(IReadOnlyList<KeyValuePair<string, StateCommit>> commits, CancellationToken ct = default)
    {
        foreach (var (sourceId, commit) in commits) await CommitAsync(sourceId, commit, ct);
    }

    /// <summary>The most recent (at most <paramref name="capacity"/>) persisted dedupe ids, oldest first.</summary>
    Task<IReadOnlyList<string>> GetDedupeIdsAsync(string sourceId, int capacity, CancellationToken ct = default);

    /// <summary>Deletes the source's keys and its dedupe window.</summary>
    Task ClearSourceAsync(string sourceId, CancellationToken ct = default);

    /// <summary>Source ids that have state or dedupe ids, sorted.</summary>
    Task<IReadOnlyList<string>> ListSourcesAsync(CancellationToken ct = default);

    /// <summary>
    /// Throws <see cref="StateStoreUnavailableException"/> unless the store answers now. The cheapest
    /// round trip (<c>/readyz</c> calls it every few seconds): it reads no state, so its cost does not
    /// grow with the number of sources or dedupe ids, and it does not hold up checkpoint writes.
    /// </summary>
    Task PingAsync(CancellationToken ct = default);
}
