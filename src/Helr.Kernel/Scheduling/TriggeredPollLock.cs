using Helr.Kernel.Polling;

namespace Helr.Kernel.Scheduling;

/// <summary>
/// How a triggered poll (REST <c>POST /api/v1/sources/{id}/poll</c>) waits for the source's cycle lock.
/// A cycle found stuck (<see cref="StuckCycle"/>) may never give the lock back, and the request used to
/// wait for it for ever; it now answers with why the source is not polled, as soon as that is known.
/// </summary>
internal static class TriggeredPollLock
{
    /// <summary>Null with the lock taken; otherwise the poll's outcome, and the lock is not held.</summary>
    public static async Task<CycleOutcome?> TakeAsync(SourceLoop loop)
    {
        var id = loop.Runner.Id;
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(loop.Stopping);
        Task taken;
        try
        {
            taken = loop.CycleLock.WaitAsync(giveUp.Token);
        }
        catch (ObjectDisposedException)
        {
            return Stopped(id);
        }
        while (!taken.IsCompleted)
        {
            if (loop.Runner.Stuck.Why is { } why)
            {
                giveUp.Cancel();
                try
                {
                    // Taken just before the cancel: given back, since this poll will not run.
                    await taken;
                    loop.CycleLock.Release();
                }
                catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
                {
                    // Not taken, or the source stopped meanwhile: nothing to give back.
                }
                return new CycleOutcome(id, 0, 0, 0, new PollException($"not polled: the source is {why}"));
            }
            await Task.WhenAny(taken, loop.Runner.Stuck.Found);
        }
        try
        {
            await taken;
            return null;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            return Stopped(id);
        }
    }

    private static CycleOutcome Stopped(string id) =>
        new(id, 0, 0, 0, new OperationCanceledException("the source was stopped before the poll could start"));
}
