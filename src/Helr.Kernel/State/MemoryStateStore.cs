using System.Collections.Concurrent;

namespace Helr.Kernel.State;

/// <summary>State that lives as long as the process. Leases are not checked: one process, one holder.</summary>
internal sealed class MemoryStateStore : IStateStore
{
    private readonly ConcurrentDictionary<string, Entry> _sources = new(StringComparer.Ordinal);

    public string Description => "memory";

    public Task<IReadOnlyDictionary<string, string>> GetAllAsync(string sourceId, CancellationToken ct = default)
    {
        if (!_sources.TryGetValue(sourceId, out var entry)) return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
        lock (entry) return Task.FromResult<IReadOnlyDictionary<string, string>>(new SortedDictionary<string, string>(entry.Values, StringComparer.Ordinal));
    }

    public Task CommitAsync(string sourceId, StateCommit commit, CancellationToken ct = default)
    {
        if (commit.IsEmpty) return Task.CompletedTask;
        var entry = _sources.GetOrAdd(sourceId, _ => new Entry());
        lock (entry)
        {
            foreach (var (k, v) in commit.Values) entry.Values[k] = v;
            foreach (var id in commit.DedupeIds) entry.Ids.Add(id);
            if (commit.DedupeIds.Count > 0 && entry.Ids.Count > commit.DedupeCapacity)
                entry.Ids.RemoveRange(0, entry.Ids.Count - commit.DedupeCapacity);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> GetDedupeIdsAsync(string sourceId, int capacity, CancellationToken ct = default)
    {
        if (!_sources.TryGetValue(sourceId, out var entry)) return Task.FromResult<IReadOnlyList<string>>(Array.Empty<string>());
        lock (entry) return Task.FromResult<IReadOnlyList<string>>(entry.Ids.Skip(Math.Max(0, entry.Ids.Count - capacity)).ToList());
    }

    /// <summary>Replaces the source's values with <paramref name="values"/>, keeping its dedupe ids (used to mirror a remote store).</summary>
    public void ReplaceValues(string sourceId, IReadOnlyDictionary<string, string> values)
    {
        var entry = _sources.GetOrAdd(sourceId, _ => new Entry());
        lock (entry)
        {
            entry.Values.Clear();
            foreach (var (k, v) in values) entry.Values[k] = v;
        }
    }

    /// <summary>Replaces the source's dedupe ids (used to mirror a remote store).</summary>
    public void ReplaceDedupeIds(string sourceId, IReadOnlyList<string> ids)
    {
        var entry = _sources.GetOrAdd(sourceId, _ => new Entry());
        lock (entry)
        {
            entry.Ids.Clear();
            entry.Ids.AddRange(ids);
        }
    }

    public Task ClearSourceAsync(string sourceId, CancellationToken ct = default)
    {
        _sources.TryRemove(sourceId, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListSourcesAsync(CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<string>>(_sources.Where(s => !s.Value.IsEmpty).Select(s => s.Key).Order(StringComparer.Ordinal).ToList());

    public Task PingAsync(CancellationToken ct = default) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Entry
    {
        public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);
        public List<string> Ids { get; } = new();

        public bool IsEmpty
        {
            get { lock (this) return Values.Count == 0 && Ids.Count == 0; }
        }
    }
}
