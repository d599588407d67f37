namespace Helr.Kernel.State;

/// <summary>Durable per-source key/value state (cursors, next URLs, watermarks).</summary>
internal interface IStateStore : IAsyncDisposable
{
    /// <summary>Human-readable description for logs, e.g. <c>sqlite ./helr-state.db</c>.</summary>
    string Description { get; }

    Task<IReadOnlyDictionary<string, string>> GetAllAsync(string sourceId, CancellationToken ct = default);

    /// <summary>Writes all <paramref name="values"/> atomically (one transaction / one command).</summary>
    Task SetManyAsync(string sourceId, IReadOnlyDictionary<string, string> values, CancellationToken ct = default);

    Task ClearSourceAsync(string sourceId, CancellationToken ct = default);

    /// <summary>Source ids that have state, sorted.</summary>
    Task<IReadOnlyList<string>> ListSourcesAsync(CancellationToken ct = default);
}
