using System.Collections.Concurrent;
using Helr.Kernel.Polling;

namespace Helr.Kernel.Scheduling;

// Stopping one source while the others run (a reload removed it): its page in flight is finished and
// checkpointed, and so is a poll triggered through the API, before its lease may go back.
internal sealed partial class SourceScheduler
{
    // How long a drained source may take to finish its page before its cycle is cancelled outright.
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(30);

    // Loops a reload is stopping (drained, no longer in _loops): shutdown aborts and awaits them too.
    private readonly ConcurrentDictionary<SourceLoop, Task> _stopping = new();

    /// <summary>
    /// Stops a source's loop: the page in flight is finished and checkpointed, then the cycle ends
    /// (cancelled outright after 30 s). Returns its runner for the caller to dispose, or null if unknown
    /// or once the run has ended (its loops have stopped; their runners are disposed with the others).
    /// </summary>
    public async Task<SourceRunner?> StopAsync(string sourceId)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        SourceLoop? loop;
        lock (_loopsChange)
        {
            // After the run, RunForeverAsync holds the cycle lock of every loop left in _loops: the drain
            // would wait for it forever, and with it a shutdown waiting for the reload.
            if (Ended || !_loops.TryRemove(sourceId, out loop)) return null;
            _stopping[loop] = stopped.Task;
        }
        try
        {
            return await DrainAsync(loop);
        }
        finally
        {
            _stopping.TryRemove(loop, out _);
            stopped.TrySetResult();
        }
    }

    private async Task<SourceRunner> DrainAsync(SourceLoop loop)
    {
        loop.Drain();
        using (var grace = new CancellationTokenSource(DrainGrace, time))
        using (grace.Token.Register(loop.Abort))
        {
            await loop.Task;
            // A poll triggered through the API (PollNowAsync) runs outside the loop and holds the lock:
            // its last page is checkpointed before the caller releases the lease or disposes the runner.
            await loop.CycleLock.WaitAsync();
        }
        loop.Dispose();
        return loop.Runner;
    }

    /// <summary>
    /// A reload removed the source and <see cref="StopAsync"/> has stopped its loop (its last page is
    /// checkpointed): with shared state its lease goes back now, so an instance that still has the
    /// source takes it over without waiting for the lease to expire.
    /// </summary>
    public Task ReleaseLeaseAsync(string sourceId) => gate?.DropAsync(sourceId) ?? Task.CompletedTask;

    /// <summary>A reload changed how many sources this instance is configured with (its fair share of leases follows).</summary>
    public void SourcesConfigured(int sources) => gate?.Resize(sources);
}
