using Helr.Kernel.Config;
using Helr.Kernel.State.Leases;
using Microsoft.Data.Sqlite;
using Serilog;

namespace Helr.Kernel.State;

/// <summary>
/// The state a run uses: the configured store, wrapped in the memory fallback when
/// <c>degradation.state_store_fallback: memory</c> is set, fenced by this instance's source leases when
/// the store is shared (Redis, Postgres), or overlaid in memory for <c>helr test</c> and a replay
/// (<c>run --replay-dir</c>).
/// </summary>
internal sealed class StateRuntime : IAsyncDisposable
{
    private readonly OpenedStore? _opened;
    private readonly SourceLeases? _leases;
    private readonly Func<bool> _fallbackActive;
    private readonly Func<bool> _storeDown;
    private readonly double _multiplier;

    private StateRuntime(IStateStore store, OpenedStore? opened, SourceLeases? leases, Func<bool> fallbackActive, double multiplier, TimeProvider time,
        Func<bool>? storeDown = null)
    {
        _storeDown = storeDown ?? fallbackActive;
        Store = store;
        _opened = opened;
        _leases = leases;
        _fallbackActive = fallbackActive;
        _multiplier = multiplier;
        Gate = leases is null ? null : new LeaseGate(leases, time);
    }

    public IStateStore Store { get; }

    /// <summary>Null unless sources are leased (shared store, not <c>helr test</c>).</summary>
    public LeaseGate? Gate { get; }

    /// <summary>
    /// Source intervals are multiplied by this: <c>reduced_frequency_multiplier</c> while the store is down
    /// (the fallback in use), else 1. Not while the fallback is merely active: it stays so until every
    /// kept checkpoint is written back, which happens at each source's next cycle, and multiplied waits
    /// held those cycles, and the write-backs, back long after the store answered again.
    /// </summary>
    public double IntervalScale => _storeDown() ? _multiplier : 1;

    /// <summary>True while state is kept in memory because the store cannot be used (<c>degradation.state_store_fallback</c>).</summary>
    public bool FallbackActive => _fallbackActive();

    /// <param name="once"><c>run --once</c>: its leases are renewed, but it does not register as an instance the sources are shared with.</param>
    /// <param name="replay">
    /// <c>run --replay-dir</c>: typically the production config on the production machine, to reproduce a
    /// bug. It starts where the store says but writes nothing, as <c>helr test</c>, so the live instance's
    /// positions do not jump to where the recording ends; not even a rotated credential, which in a
    /// recording is redacted or was revoked long ago.
    /// </param>
    public static async Task<StateRuntime> OpenAsync(GlobalConfig global, bool testMode, int sources, TimeProvider time, ILogger log,
        Observability.Telemetry.Telemetry? telemetry = null, bool once = false, bool replay = false, CancellationToken ct = default)
    {
        var state = global.State;
        var degradation = global.Degradation;
        var readOnly = testMode || replay;
        OpenedStore opened;
        try
        {
            opened = await StateStoreFactory.OpenAsync(state, exclusive: !readOnly, readOnly: readOnly, time).WaitAsync(ct);
        }
        catch (Exception ex) when (degradation.FallbackToMemory && ex is IOException or SqliteException or UnauthorizedAccessException)
        {
            log.Warning("cannot open state store ({Error}); using memory (degradation.state_store_fallback: memory)", ex.Message);
            return new StateRuntime(new MemoryStateStore(), null, null, () => true, degradation.ReducedFrequencyMultiplier, time);
        }
        if (readOnly) return new StateRuntime(new OverlayStateStore(opened.Store, credentialsThrough: !replay), opened, null, () => false, 1, time);
        try
        {
            await ProbeAsync(opened, degradation.FallbackToMemory, log, ct);
            if (opened.Store is RedisStateStore redis && await redis.EvictionRiskAsync().WaitAsync(ct) is { } risk) log.Warning("state store: {Risk}", risk);
        }
        catch
        {
            await opened.DisposeAsync();
            throw;
        }
        IStateStore store = opened.Store;
        Func<bool> active = () => false;
        FallbackStateStore? fallback = null;
        if (degradation.FallbackToMemory && opened.Leases is not null)
        {
            fallback = new FallbackStateStore(store, log);
            store = fallback;
            active = () => fallback.Active;
        }
        SourceLeases? leases = null;
        if (opened.Leases is not null)
        {
            leases = new SourceLeases(opened.Leases, TimeSpan.FromSeconds(state.LeaseTtlSecs), degradation.FallbackToMemory, sources, time, log, telemetry,
                register: !once);
            await leases.StartAsync();
            store = new LeaseFencedStateStore(store, leases);
        }
        // A shared store with the fallback: down while the heartbeat (every third of the lease time) gets no answer.
        Func<bool>? down = fallback is not null && leases is not null ? () => !leases.StoreAnswers : null;
        return new StateRuntime(store, opened, leases, active, degradation.ReducedFrequencyMultiplier, time, down);
    }

    // A shared store that cannot be reached at start-up fails the run unless a fallback is configured.
    // ct: a stop (SIGTERM) while the store does not answer ends the wait at once, Redis's connect included
    // (it takes no token): it waited out the connect timeout and then failed the run (exit 1) for a stop.
    private static async Task ProbeAsync(OpenedStore opened, bool fallback, ILogger log, CancellationToken ct)
    {
        if (opened.Leases is null) return;
        try
        {
            await opened.Store.ListSourcesAsync(ct).WaitAsync(ct);
        }
        catch (StateStoreUnavailableException ex) when (fallback)
        {
            log.Warning("state store unavailable at start-up ({Error}); starting with state in memory until it answers (degradation.state_store_fallback: memory)", ex.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_leases is not null) await _leases.DisposeAsync();
        if (_opened is not null) await _opened.DisposeAsync();
    }
}
