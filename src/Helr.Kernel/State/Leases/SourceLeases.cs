using System.Collections.Concurrent;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;
using Serilog;

namespace Helr.Kernel.State.Leases;

/// <summary>
/// The leases this instance holds, renewed every third of their time to live. A renewal the store
/// answers "no" to means another instance has the source now: it is dropped at once. A renewal that
/// cannot reach the store keeps the lease (no other instance can take it without the store either);
/// the fenced checkpoint write catches the rare case where one did. Every renewal round also
/// registers this instance as live, which gives each instance a fair share of the sources: it takes
/// a free source beyond its share only when no other instance has for a while, and gives sources
/// above its share back between cycles. Each held lease remembers its fencing token; a renewal that
/// comes back with another token means someone else held the source meanwhile (this instance was
/// paused past its lease): the lease counts as lost, and the source is taken again afresh.
/// </summary>
internal sealed partial class SourceLeases : IAsyncDisposable
{
    private readonly ILeaseStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Telemetry _telemetry;
    private readonly bool _pollWhenUnreachable;
    // Source → fencing token; 0 while the lease could not be confirmed (store unreachable).
    private readonly ConcurrentDictionary<string, long> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _seenAvailable = new(StringComparer.Ordinal);
    private readonly object _balance = new();
    // One change of a source's holding at a time: an acquire, a give-back and a renewal of the same source
    // never interleave (a renewal must not act on a lease that was dropped and taken again meanwhile).
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _changing = new(StringComparer.Ordinal);
    private volatile int _sources;
    private volatile int _instances = 1;
    private readonly CancellationTokenSource _stop = new();
    private Task _renewals = Task.CompletedTask;
    private readonly bool _register;

    /// <param name="register">
    /// False for <c>run --once</c>: counted by the continuous instances, it shrank their share and they gave
    /// sources back (left free until found so three times) for each one-cycle run.
    /// </param>
    public SourceLeases(ILeaseStore store, TimeSpan ttl, bool pollWhenUnreachable, int sources, TimeProvider time, ILogger log, Telemetry? telemetry = null,
        bool register = true)
    {
        _register = register;
        _telemetry = telemetry ?? Telemetry.Create(log, time);
        _sources = sources;
        _store = new GuardedLeaseStore(store);
        Ttl = ttl;
        _pollWhenUnreachable = pollWhenUnreachable;
        _time = time;
        _log = log;
        Holder = LeaseHolderId.New();
    }

    /// <summary>How many sources this instance should hold: its share among the live instances.</summary>
    public int Share => (_sources + _instances - 1) / Math.Max(1, _instances);

    /// <summary>Registers this instance (so others count it before anyone takes sources) and starts renewing.</summary>
    public async Task StartAsync()
    {
        await ForgetDeadPredecessorsAsync();
        await HeartbeatAsync();
        _renewals = Task.Run(RenewLoopAsync);
    }

    /// <summary>This instance's id in the store: host, pid and a random part (pids repeat across restarts).</summary>
    public string Holder { get; }

    public TimeSpan Ttl { get; }

    public bool IsHeld(string sourceId) => _held.ContainsKey(sourceId);

    /// <summary>
    /// Whether the store answered the last heartbeat (every third of the lease time, whatever the
    /// sources do): how the memory fallback's reduced frequency learns that an outage is over.
    /// </summary>
    public bool StoreAnswers { get; private set; } = true;

    /// <summary>The fence a checkpoint of <paramref name="sourceId"/> must carry; null when this instance does not hold it.</summary>
    public LeaseFence? FenceFor(string sourceId) => _held.TryGetValue(sourceId, out var token) ? new LeaseFence(Holder, token) : null;

    /// <summary>
    /// Takes (or extends) the source's lease. When the store cannot be reached the answer is
    /// <c>pollWhenUnreachable</c>: with a memory fallback the instance keeps collecting, otherwise it waits.
    /// <paramref name="once"/> (<c>run --once</c>): any free lease is taken, beyond the fair share (a
    /// one-cycle run makes one attempt, so leaving a free source to others would leave it unpolled while
    /// the run reports success), and an unreachable store without the fallback throws instead of
    /// answering false (nobody polled the source: the run must fail, not skip it).
    /// </summary>
    public async Task<bool> TryAcquireAsync(string sourceId, CancellationToken ct, bool once = false) => await AttemptAsync(sourceId, ct, once) is null;

    /// <summary><see cref="TryAcquireAsync"/> that says why not: null when held.</summary>
    public async Task<LeaseRefusal?> AttemptAsync(string sourceId, CancellationToken ct, bool once = false)
    {
        var one = await ChangingAsync(sourceId, ct);
        try
        {
            if (!once && !IsHeld(sourceId) && _held.Count >= Share && !await OverdueAsync(sourceId, ct)) return OverShare;
            var token = await _store.TryAcquireAsync(sourceId, Holder, Ttl, ct) ?? await TakeOverFromDeadLocalAsync(sourceId, ct);
            if (token is null) return new LeaseRefusal("another instance holds the source's lease; it polls the source");
            _seenAvailable.TryRemove(sourceId, out _);
            if (_held.TryAdd(sourceId, token.Value)) _telemetry.Emit(new LeaseChanged(sourceId, LeaseChanged.Acquired, Holder, token.Value));
            else _held[sourceId] = token.Value;
            return null;
        }
        catch (StateStoreUnavailableException ex)
        {
            if (!_pollWhenUnreachable)
            {
                if (once) throw;
                return new LeaseRefusal($"the source's lease cannot be taken: {ex.Message}", StoreFailed: true);
            }
            if (_held.TryAdd(sourceId, 0))
                _log.Warning("lease for {SourceId} cannot be confirmed ({Error}); polling it anyway (degradation.state_store_fallback: memory)", sourceId, ex.Message);
            return null;
        }
        finally
        {
            one.Release();
        }
    }

    private async Task<SemaphoreSlim> ChangingAsync(string sourceId, CancellationToken ct)
    {
        var one = _changing.GetOrAdd(sourceId, _ => new SemaphoreSlim(1, 1));
        await one.WaitAsync(ct);
        return one;
    }

    private static readonly LeaseRefusal OverShare = new("the source's lease is free, but this instance already holds its fair share of the sources: "
        + "it is left to an instance below its share (this one takes it when nobody has after three attempts)");

    // At its share, an instance leaves free sources to instances below theirs, unless a source has been
    // found free on three attempts in a row (then nobody else is taking it: e.g. configs differ).
    private async Task<bool> OverdueAsync(string sourceId, CancellationToken ct)
    {
        var holder = await _store.GetHolderAsync(sourceId, ct);
        if (holder is not null && !LeaseHolderId.IsDeadOnThisHost(holder))
        {
            _seenAvailable.TryRemove(sourceId, out _);
            return false;
        }
        return _seenAvailable.AddOrUpdate(sourceId, 1, (_, n) => n + 1) >= 3;
    }

    // A helr restarted on the same host need not wait for its own dead predecessor's lease to expire:
    // a holder id naming this host and a pid that is not running (or is this process's own pid, as
    // in a container where helr is always pid 1) cannot be alive.
    private async Task<long?> TakeOverFromDeadLocalAsync(string sourceId, CancellationToken ct)
    {
        var holder = await _store.GetHolderAsync(sourceId, ct);
        if (holder is null || !LeaseHolderId.IsDeadOnThisHost(holder)) return null;
        var token = await _store.TakeOverAsync(sourceId, holder, Holder, Ttl, ct);
        if (token is not null) _telemetry.Emit(new LeaseChanged(sourceId, LeaseChanged.TakenOver, holder, token.Value));
        return token;
    }

    /// <summary>Stops renewing and releases every lease, so other instances take the sources over at once.</summary>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _renewals;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var settling = true;
        foreach (var sourceId in _held.Keys)
        {
            // Kept checkpoints first, while the lease is still this instance's; once one cannot be written
            // the store is down, and the rest are lost as a kill would lose them.
            settling = settling && await SettleAsync(sourceId, timeout.Token);
            try
            {
                await _store.ReleaseAsync(sourceId, Holder, timeout.Token);
            }
            catch (Exception ex) when (ex is StateStoreUnavailableException or OperationCanceledException)
            {
                // Unreleased leases expire after their time to live.
            }
        }
        _held.Clear();
        // Counted as live until its registration expired, this instance kept the others at their old share: at it, they
        // left the leases just released to "an instance below its share" for about a lease time, as if it had crashed.
        if (_register)
        {
            try
            {
                await _store.LeaveAsync(Holder, timeout.Token);
            }
            catch (Exception ex) when (ex is StateStoreUnavailableException or OperationCanceledException)
            {
                // The registration expires after its time to live.
            }
        }
        _stop.Dispose();
    }
}
