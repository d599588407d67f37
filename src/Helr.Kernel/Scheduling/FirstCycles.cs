using Serilog;

namespace Helr.Kernel.Scheduling;

/// <summary>
/// Compacts the heap once, when every source a continuous run started with has had its first cycle
/// (or stopped without one). That cycle is the run's peak: all sources fetched at once, and their
/// garbage (request state, bodies, rendered lines) is left in a young generation the idle run never
/// fills again, so the runtime would keep it, and the memory under it, until the next cycles. An
/// aggressive collection frees it and returns the empty heap regions to the OS: with 1,000 sources,
/// idle RSS went from about 126 to 80 MB (docs/performance.md, "Many sources").
/// </summary>
internal sealed class FirstCycles(int sources, ILogger log, Action? compact = null)
{
    private int _left = sources;

    /// <summary>How many times the heap was compacted (0 or 1; tests).</summary>
    public int Compactions { get; private set; }

    /// <summary>
    /// Runs one source's loop and tells <see cref="Ended"/> once: when the loop reports its first cycle
    /// through the action it is given, or when it ends without one.
    /// </summary>
    public async Task TrackAsync(Func<Action, Task> loop)
    {
        var told = 0;
        void Cycled()
        {
            if (Interlocked.Exchange(ref told, 1) == 0) Ended();
        }
        try
        {
            await loop(Cycled);
        }
        finally
        {
            Cycled();
        }
    }

    /// <summary>One loop's first cycle ended, or the loop stopped before one: called once per loop.</summary>
    public void Ended()
    {
        if (Interlocked.Decrement(ref _left) != 0) return;
        var before = GC.GetTotalMemory(false);
        var started = Environment.TickCount64;
        (compact ?? Compact)();
        Compactions++;
        log.Debug("first cycle of every source done: heap compacted, {Before:0.0} -> {After:0.0} MB in {Millis} ms",
            before / 1048576.0, GC.GetTotalMemory(false) / 1048576.0, Environment.TickCount64 - started);
    }

    private static void Compact() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
