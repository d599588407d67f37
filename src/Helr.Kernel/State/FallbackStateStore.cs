using System.Collections.Concurrent;
using Serilog;

namespace Helr.Kernel.State;

/// <summary>
/// <c>degradation.state_store_fallback: memory</c>: while the Redis or Postgres store cannot be reached,
/// reads are answered from a memory mirror (the last values read or written) and checkpoints are kept
/// in memory, so collection goes on. Each source's kept checkpoints are written to the store before
/// its next read or write once the store answers again, unless another instance has taken the source's
/// lease meanwhile (then they are dropped: that instance continues from the stored checkpoint), or the
/// stored position is not the one the memory state started from (e.g. the store was down at start, so
/// the source started from <c>from</c> while the store held a later position): then the store wins,
/// so a write-back never moves a stored position backwards.
/// </summary>
internal sealed partial class FallbackStateStore(IStateStore primary, ILogger log) : IStateStore
{
    private readonly MemoryStateStore _mirror = new();
    private readonly ConcurrentDictionary<string, Kept> _kept = new(StringComparer.Ordinal);
    // Per source: the stored values as this process last saw them (read, or written by it); absent when never seen.
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _base = new(StringComparer.Ordinal);
    // Sources whose cycle in progress started from a position the store has since been found to be past:
    // their checkpoints are dropped until the next cycle reads the stored one.
    private readonly ConcurrentDictionary<string, bool> _stale = new(StringComparer.Ordinal);
    private volatile bool _failing;

    public string Description => $"{primary.Description} (memory fallback)";

    /// <summary>True while the store is unreachable or checkpoints kept in memory are not yet written back.</summary>
    public bool Active => _failing || !_kept.IsEmpty;

    public async Task<IReadOnlyDictionary<string, string>> GetAllAsync(string sourceId, CancellationToken ct = default)
    {
        try
        {
            await WriteBackAsync(sourceId, ct);
            var values = await primary.GetAllAsync(sourceId, ct);
            _base[sourceId] = values;
            _mirror.ReplaceValues(sourceId, values);
            _stale.TryRemove(sourceId, out _);
            Recovered();
            return values;
        }
        catch (StateStoreUnavailableException ex)
        {
            Degraded(ex);
            _stale.TryRemove(sourceId, out _);
            return await _mirror.GetAllAsync(sourceId, ct);
        }
    }

    public async Task CommitAsync(string sourceId, StateCommit commit, CancellationToken ct = default)
    {
        if (CredentialState.IsCredentialOnly(commit))
        {
            await WriteCredentialAsync(sourceId, commit, ct);
            return;
        }
        if (_stale.ContainsKey(sourceId)) return;
        try
        {
            await WriteBackAsync(sourceId, ct);
            // A source that never read the store (it was down) started from its configured start, not from the stored position.
            if (_stale.ContainsKey(sourceId) || (!_base.ContainsKey(sourceId) && await StoreMovedAsync(sourceId, commit, ct))) return;
            await primary.CommitAsync(sourceId, commit, ct);
            Stored(sourceId, commit.Values);
            Recovered();
        }
        catch (StateStoreUnavailableException ex)
        {
            Degraded(ex);
            _kept.AddOrUpdate(sourceId, _ => new Kept(commit), (_, k) => k.Add(commit));
        }
        await _mirror.CommitAsync(sourceId, commit, ct);
    }

    public async Task<IReadOnlyList<string>> GetDedupeIdsAsync(string sourceId, int capacity, CancellationToken ct = default)
    {
        try
        {
            await WriteBackAsync(sourceId, ct);
            var ids = await primary.GetDedupeIdsAsync(sourceId, capacity, ct);
            _mirror.ReplaceDedupeIds(sourceId, ids);
            Recovered();
            return ids;
        }
        catch (StateStoreUnavailableException ex)
        {
            Degraded(ex);
            return await _mirror.GetDedupeIdsAsync(sourceId, capacity, ct);
        }
    }

    public async Task ClearSourceAsync(string sourceId, CancellationToken ct = default)
    {
        _kept.TryRemove(sourceId, out _);
        _base.TryRemove(sourceId, out _);
        await _mirror.ClearSourceAsync(sourceId, ct);
        await primary.ClearSourceAsync(sourceId, ct);
    }

    public async Task<IReadOnlyList<string>> ListSourcesAsync(CancellationToken ct = default)
    {
        try
        {
            return await primary.ListSourcesAsync(ct);
        }
        catch (StateStoreUnavailableException ex)
        {
            Degraded(ex);
            return await _mirror.ListSourcesAsync(ct);
        }
    }

    // Kept checkpoints go first so the store never answers with values older than this process's.
    private async Task WriteBackAsync(string sourceId, CancellationToken ct)
    {
        if (!_kept.TryGetValue(sourceId, out var kept)) return;
        var commit = kept.ToCommit();
        if (await StoreMovedAsync(sourceId, commit, ct, kept.Sent))
        {
            _kept.TryRemove(new KeyValuePair<string, Kept>(sourceId, kept));
            return;
        }
        try
        {
            await primary.CommitAsync(sourceId, commit, ct);
            Stored(sourceId, commit.Values);
        }
        catch (LeaseLostException)
        {
            _kept.TryRemove(sourceId, out _);
            log.Warning("state store is back, but {SourceId} is now polled by another instance: dropping the checkpoints kept in memory", sourceId);
            throw;
        }
        _kept.TryRemove(new KeyValuePair<string, Kept>(sourceId, kept));
        log.Information("state store is back: wrote the checkpoint of {SourceId} kept in memory during the outage", sourceId);
    }

    private void Degraded(StateStoreUnavailableException ex)
    {
        if (_failing) return;
        _failing = true;
        log.Warning("state store unavailable: {Error}; keeping state in memory until it answers again (degradation.state_store_fallback: memory)", ex.Message);
    }

    private void Recovered()
    {
        if (!_failing) return;
        _failing = false;
        log.Information("state store reachable again: {Store}", primary.Description);
    }

    public ValueTask DisposeAsync() => primary.DisposeAsync();

    /// <summary>The checkpoints of one source not yet written to the store, merged (later values win).</summary>
    private sealed class Kept
    {
        private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
        private readonly List<string> _ids = new();
        // Every value a kept checkpoint had: a write whose answer was lost (a timeout, a connection dropped
        // after COMMIT) may have stored any of them, and finding one in the store is not "the store moved".
        private readonly Dictionary<string, HashSet<string>> _sent = new(StringComparer.Ordinal);
        private int _capacity;
        private LeaseFence? _fence;

        public Kept(StateCommit first) => Add(first);

        public bool Sent(string key, string? value)
        {
            lock (this) return value is not null && _sent.TryGetValue(key, out var values) && values.Contains(value);
        }

        public Kept Add(StateCommit commit)
        {
            lock (this)
            {
                foreach (var (k, v) in commit.Values)
                {
                    _values[k] = v;
                    if (!_sent.TryGetValue(k, out var values)) _sent[k] = values = new(StringComparer.Ordinal);
                    if (values.Count < 10_000) values.Add(v); // a long outage's first ones: the write that timed out as it began
                }
                _ids.AddRange(commit.DedupeIds);
                if (commit.DedupeIds.Count > 0) _capacity = commit.DedupeCapacity;
                if (_ids.Count > _capacity) _ids.RemoveRange(0, _ids.Count - _capacity);
                _fence = commit.Fence ?? _fence;
            }
            return this;
        }

        public StateCommit ToCommit()
        {
            lock (this) return new StateCommit(new Dictionary<string, string>(_values, StringComparer.Ordinal), _ids.ToList(), _capacity, _fence);
        }
    }
}
