using System.Collections.Concurrent;

namespace Helr.Kernel.State;

/// <summary>State that lives as long as the process.</summary>
internal sealed class MemoryStateStore : IStateStore
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> _sources = new(StringComparer.Ordinal);

    public string Description => "memory";

    public Task<IReadOnlyDictionary<string, string>> GetAllAsync(string sourceId, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(
            _sources.TryGetValue(sourceId, out var keys) ? new SortedDictionary<string, string>(keys, StringComparer.Ordinal) : new Dictionary<string, string>());

    public Task SetManyAsync(string sourceId, IReadOnlyDictionary<string, string> values, CancellationToken ct = default)
    {
        var keys = _sources.GetOrAdd(sourceId, _ => new(StringComparer.Ordinal));
        foreach (var (k, v) in values) keys[k] = v;
        return Task.CompletedTask;
    }

    public Task ClearSourceAsync(string sourceId, CancellationToken ct = default)
    {
        _sources.TryRemove(sourceId, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListSourcesAsync(CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<string>>(_sources.Where(s => !s.Value.IsEmpty).Select(s => s.Key).Order(StringComparer.Ordinal).ToList());

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
