namespace Helr.Kernel.Polling;

internal sealed partial class SourceRunner
{
    private StuckCycle? _stuck;

    /// <summary>Cycles in a row stopped at the same unreadable page, and why, for the health surface.</summary>
    public StalledPage Stall => _stalled;

    /// <summary>True once disposed (a runner given up on by a reload is disposed when its cycle returns).</summary>
    public bool Disposed { get; private set; }

    /// <summary>
    /// Counts a cycle that could not begin (the store failed to give the source's lease) as the failed poll
    /// it is reported as: <c>helr_errors_total{kind="poll"}</c>, which the polls-failing alert watches, moves
    /// as <c>/healthz</c> turns unhealthy.
    /// </summary>
    public void CountFailedCycle() => _telemetry.Emit(new Observability.Telemetry.Events.PollFinished(_source.Id, null, 0, 0, Failed: true));

    /// <summary>Takes over the rate limits of the source's runner that a reload restarted this one in place of.</summary>
    public void InheritRateLimits(SourceRunner previous) => _http.Inherit(previous._http);

    /// <summary>True once a reload gave up on this runner's cycle (<see cref="Retire"/>).</summary>
    public bool Retired => _retired;

    private volatile bool _retired;

    /// <summary>
    /// A reload gave up on this runner's cycle: the source is another runner's now, or no longer polled. When the
    /// cycle returns, its end is not the source's poll: counted, its failure moved helr_errors_total{kind="poll"}
    /// (the polls-failing alert) and its duration, the whole time it hung, went into helr_poll_duration_seconds,
    /// both on the series of the source the new runner polls fine.
    /// </summary>
    public void Retire()
    {
        _retired = true;
        Stuck.Retire();
    }

    /// <summary>Whether the cycle running now has outlived its poll_tick_secs (<see cref="StuckCycle"/>), for the health surface.</summary>
    public StuckCycle Stuck => LazyInitializer.EnsureInitialized(ref _stuck, () => new StuckCycle(_source.Id, _time, _telemetry));
}
