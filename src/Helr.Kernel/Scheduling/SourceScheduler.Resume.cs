using System.Collections.Concurrent;

namespace Helr.Kernel.Scheduling;

// A source a reload restarts with an unchanged config (reload.restart_sources_on_sighup) keeps its
// schedule. It polled at once: config management sending SIGHUP every few minutes had every source
// poll ahead of its interval, spending the vendor's API quota. Upstream restarts every wait from scratch
// after a SIGHUP, which never polls at all when the signals come more often than the interval.
internal sealed partial class SourceScheduler
{
    // When the last scheduled cycle of a stopped loop ended, until a loop for the same source starts.
    private readonly ConcurrentDictionary<string, long> _stoppedCycleEnded = new(StringComparer.Ordinal);

    // Called once a reload's stop has ended the loop: a loop stopped in a cycle left none.
    private void RememberCycleEnded(SourceLoop loop)
    {
        if (loop.CycleEnded is { } ended) _stoppedCycleEnded[loop.Runner.Id] = ended;
        else _stoppedCycleEnded.TryRemove(loop.Runner.Id, out _);
    }

    private long? TakeCycleEnded(string sourceId, bool keepSchedule) =>
        _stoppedCycleEnded.TryRemove(sourceId, out var ended) && keepSchedule ? ended : null;

    // False when the loop was stopped during the wait.
    private async Task<bool> WaitOutKeptScheduleAsync(SourceLoop loop)
    {
        if (loop.CycleEnded is not { } ended) return true;
        try
        {
            await WaitForNextCycleAsync(loop.Runner, loop.Stopping, ended);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
