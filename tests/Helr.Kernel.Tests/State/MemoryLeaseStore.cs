using Helr.Kernel.State.Leases;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// Leases of any number of sources in memory, with Redis's rules: a release frees the lease, and every
/// new holding gets a larger token. The next acquire or release can be held at the store until the test
/// lets it go, and a test can wait for the next heartbeat (the start of a renewal round).
/// </summary>
internal sealed class MemoryLeaseStore : ILeaseStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (string? Holder, long Token)> _leases = new(StringComparer.Ordinal);
    private TaskCompletionSource? _holdAcquire;
    private TaskCompletionSource? _holdRelease;
    private TaskCompletionSource? _heartbeat;

    /// <summary>Completes when the held acquire has reached the store.</summary>
    public TaskCompletionSource AcquireReached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the held release has reached the store.</summary>
    public TaskCompletionSource ReleaseReached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TaskCompletionSource? _acquireGo;

    public void HoldNextAcquire() => _holdAcquire = _acquireGo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void LetAcquireGo() => _acquireGo!.TrySetResult();

    private TaskCompletionSource? _releaseGo;

    /// <summary>Holds the next release; completing the returned source lets it go.</summary>
    public TaskCompletionSource HoldNextRelease() => _holdRelease = _releaseGo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets every held call go (a test that failed half-way must not leave the scheduler waiting on the store).</summary>
    public void LetAllGo()
    {
        _acquireGo?.TrySetResult();
        _releaseGo?.TrySetResult();
    }

    /// <summary>Completes at the next heartbeat: the renewal round before it has ended.</summary>
    public Task NextHeartbeat()
    {
        lock (_gate) return (_heartbeat = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
    }

    public string? HolderOf(string sourceId)
    {
        lock (_gate) return _leases.GetValueOrDefault(sourceId).Holder;
    }

    public long TokenOf(string sourceId)
    {
        lock (_gate) return _leases.GetValueOrDefault(sourceId).Token;
    }

    /// <summary>While set, every acquire (and renewal) throws what it makes, as a broken store or client would.</summary>
    public Func<Exception>? FailAcquireWith { get; set; }

    public async Task<long?> TryAcquireAsync(string sourceId, string holder, TimeSpan ttl, CancellationToken ct)
    {
        if (FailAcquireWith is { } fail) throw fail();
        if (Interlocked.Exchange(ref _holdAcquire, null) is { } hold)
        {
            AcquireReached.TrySetResult();
            await hold.Task;
        }
        lock (_gate)
        {
            var (current, token) = _leases.GetValueOrDefault(sourceId);
            if (current is not null && current != holder) return null;
            if (current is null) token++;
            _leases[sourceId] = (holder, token);
            return token;
        }
    }

    public Task<string?> GetHolderAsync(string sourceId, CancellationToken ct) => Task.FromResult(HolderOf(sourceId));

    public Task<long?> TakeOverAsync(string sourceId, string expected, string holder, TimeSpan ttl, CancellationToken ct) => Task.FromResult<long?>(null);

    /// <summary>How many live instances the heartbeat reports (the fair share divides the sources by it).</summary>
    public int Instances { get; set; } = 1;

    public Task<int> HeartbeatAsync(string holder, TimeSpan ttl, CancellationToken ct)
    {
        lock (_gate) _heartbeat?.TrySetResult();
        return Task.FromResult(Instances);
    }

    public async Task ReleaseAsync(string sourceId, string holder, CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _holdRelease, null) is { } hold)
        {
            ReleaseReached.TrySetResult();
            await hold.Task;
        }
        lock (_gate)
        {
            if (_leases.TryGetValue(sourceId, out var lease) && lease.Holder == holder) _leases[sourceId] = (null, lease.Token);
        }
    }
}
