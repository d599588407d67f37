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
    /// (cancelled outright after 30 s, given up on 30 s later). Returns its runner for the caller to dispose,
    /// or null if unknown, given up on, or once the run has ended (its loops have stopped; their runners are
    /// disposed with the others).
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
            RememberCycleEnded(loop);
            _stopping.TryRemove(loop, out _);
            stopped.TrySetResult();
        }
    }

    // Null when the loop did not stop StopGrace after being cancelled: its plugin's code blocks and ignores
    // the cancellation. Waiting on held the reload for ever, every later one behind it, and the shutdown
    // that waits for the reload. The loop is left to itself (its runner undisposed: the cycle still uses
    // it) until the cycle returns, then disposed (its HTTP client and spool files were kept for ever, one
    // set per such reload); a restarted source starts afresh beside it, and a late checkpoint of the old
    // cycle can only move the source back (events written again), never past what was written.
    private async Task<SourceRunner?> DrainAsync(SourceLoop loop)
    {
        loop.Drain();
        using (var grace = new CancellationTokenSource(DrainGrace, time))
        // The drain already let the page in flight finish for DrainGrace: its hand-over is cut with the cycle.
        using (grace.Token.Register(loop.CutAll))
        {
            // A poll triggered through the API (PollNowAsync) runs outside the loop and holds the lock:
            // its last page is checkpointed before the caller releases the lease or disposes the runner.
            var stopped = StoppedAsync(loop);
            if (await Task.WhenAny(stopped, Task.Delay(DrainGrace + StopGrace, time)) != stopped)
            {
                loop.GivenUp = true;
                loop.Runner.Retire();
                log.Error("reload: source {SourceId} (type {Type}) did not stop within {Secs} s of being cancelled (its plugin's code does not return, "
                    + "or the output does not take its page); going on without waiting for it", loop.Runner.Id, loop.Runner.Settings.Type, StopGrace.TotalSeconds);
                _ = stopped.ContinueWith(_ => DisposeGivenUp(loop), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                return null;
            }
            await stopped;
        }
        loop.Dispose();
        return loop.Runner;
    }

    private void DisposeGivenUp(SourceLoop loop)
    {
        loop.Dispose();
        loop.Runner.Dispose();
        log.Information("reload: the cycle of source {SourceId} given up on has returned; its old runner is released", loop.Runner.Id);
    }

    /// <summary>
    /// A reload removed the source and <see cref="StopAsync"/> has stopped its loop (its last page is
    /// checkpointed): with shared state its lease goes back now, so an instance that still has the
    /// source takes it over without waiting for the lease to expire.
    /// </summary>
    public Task ReleaseLeaseAsync(string sourceId)
    {
        _stoppedCycleEnded.TryRemove(sourceId, out _);
        return gate?.DropAsync(sourceId) ?? Task.CompletedTask;
    }

    /// <summary>A reload changed how many sources this instance is configured with (its fair share of leases follows).</summary>
    public void SourcesConfigured(int sources) => gate?.Resize(sources);
}
