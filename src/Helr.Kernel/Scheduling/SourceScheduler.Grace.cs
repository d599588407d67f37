using Helr.Kernel.Polling;

namespace Helr.Kernel.Scheduling;

// A stop (SIGTERM, SIGINT) waits for each source's cycle to end, but not for ever: a plugin whose code
// blocks and ignores its cancellation token (a sync wait on a deadlocked task, a call without a
// timeout) kept helr running until systemd killed it, and a `run --once` from a timer never ended, so
// no source was collected again. The run gives up on such a source, names it, and exits 1.
// A page whose hand-over to the output had begun (a consumer behind, under block) is handed over whole
// during the first StopGrace - CutGrace: cut at once, as before, its queued lines were still written at
// shutdown while the page was never checkpointed, so the next start wrote them again. Then it is cut,
// and its lines still queued are taken back before the output writes what is left.
internal sealed partial class SourceScheduler
{
    /// <summary>How long after a stop was asked a source's cycle may take to end before the run exits without it.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    // The last part of StopGrace: a source whose hand-over is cut then still has this long to end (it only has to notice).
    private static readonly TimeSpan CutGrace = TimeSpan.FromSeconds(5);

    // Cancelled CutGrace before the end of StopGrace: cuts every page hand-over still waiting for room in the output.
    private readonly CancellationTokenSource _cutHandOvers = new();

    // True once any source was given up on: the run's exit code says so.
    private volatile bool _abandoned;

    // Waits for every source's stop, at most StopGrace after stopAsked; names those still running then.
    private async Task AwaitStoppedAsync(IReadOnlyList<(SourceRunner Runner, Task Stopped)> sources, CancellationToken stopAsked)
    {
        var all = Task.WhenAll(sources.Select(s => s.Stopped));
        await Task.WhenAny(all, GraceAfterAsync(stopAsked, StopGrace - CutGrace));
        if (!all.IsCompleted)
        {
            // Synchronous: the cut pages' queued lines are taken back before the caller completes the output.
            _cutHandOvers.Cancel();
            await Task.WhenAny(all, Task.Delay(CutGrace, time));
        }
        if (all.IsCompleted)
        {
            await all;
            return;
        }
        _abandoned = true;
        foreach (var (runner, _) in sources.Where(s => !s.Stopped.IsCompleted))
            log.Error("shutdown: source {SourceId} (type {Type}) did not stop within {Secs} s of being asked to (its plugin's code does not return, "
                + "or the output does not take its page); exiting without it: its pages not yet checkpointed are fetched again at the next start", runner.Id, runner.Settings.Type, StopGrace.TotalSeconds);
    }

    private async Task GraceAfterAsync(CancellationToken stopAsked, TimeSpan grace)
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, stopAsked);
        }
        catch (OperationCanceledException)
        {
            // The stop was asked: the grace starts.
        }
        await Task.Delay(grace, time);
    }
}
