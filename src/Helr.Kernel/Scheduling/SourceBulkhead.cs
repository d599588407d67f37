using Helr.Kernel.Polling;

namespace Helr.Kernel.Scheduling;

/// <summary>
/// <c>global.bulkhead.max_concurrent_sources</c>: at most this many sources poll at once; the
/// others wait for a slot before their cycle starts (their poll_tick deadline starts with the cycle).
/// A source a reload stops while it waits for a slot stops waiting at once.
/// A cycle found stuck (<see cref="StuckCycle"/>) gives its slot back then: it held it for ever, and with
/// few slots the other sources were never polled again. Until it returns, more sources than the limit may poll.
/// </summary>
internal sealed class SourceBulkhead(int? maxConcurrentSources)
{
    private readonly SemaphoreSlim? _slots = maxConcurrentSources is > 0 ? new SemaphoreSlim(maxConcurrentSources.Value) : null;

    public async Task<CycleOutcome> RunAsync(SourceRunner runner, CancellationToken ct, CancellationToken drain = default, CancellationToken cut = default)
    {
        if (_slots is null) return await runner.RunCycleAsync(ct, drain, cut: cut);
        try
        {
            // A reload stopping the source ends the wait too: it has no page in flight to finish. Each such
            // source held the reload DrainGrace (30 s), one after the other, its stopped sources not polling.
            using var stop = drain.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(ct, drain) : null;
            await _slots.WaitAsync(stop?.Token ?? ct);
        }
        catch (OperationCanceledException ex)
        {
            return new CycleOutcome(runner.Id, 0, 0, 0, ex);
        }
        var held = 1;
        void Release()
        {
            if (Interlocked.Exchange(ref held, 0) == 1) _slots.Release();
        }
        try
        {
            return await runner.RunCycleAsync(ct, drain, Release, cut);
        }
        finally
        {
            Release();
        }
    }
}
