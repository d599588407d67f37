namespace Helr.Kernel.Polling;

internal sealed partial class SourceRunner
{
    private StuckCycle? _stuck;

    /// <summary>Cycles in a row stopped at the same unreadable page, and why, for the health surface.</summary>
    public StalledPage Stall => _stalled;

    /// <summary>True once disposed (a runner given up on by a reload is disposed when its cycle returns).</summary>
    public bool Disposed { get; private set; }

    /// <summary>Whether the cycle running now has outlived its poll_tick_secs (<see cref="StuckCycle"/>), for the health surface.</summary>
    public StuckCycle Stuck => LazyInitializer.EnsureInitialized(ref _stuck, () => new StuckCycle(_source.Id, _time, _telemetry));
}
