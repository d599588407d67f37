using Helr.Kernel.Polling;

namespace Helr.Kernel.Scheduling;

/// <summary>
/// <c>global.bulkhead.max_concurrent_sources</c>: at most this many sources poll at once; the
/// others wait for a slot before their cycle starts (their poll_tick deadline starts with the cycle).
/// </summary>
internal sealed class SourceBulkhead(int? maxConcurrentSources)
{
    private readonly SemaphoreSlim? _slots = maxConcurrentSources is > 0 ? new SemaphoreSlim(maxConcurrentSources.Value) : null;

    public async Task<CycleOutcome> RunAsync(SourceRunner runner, CancellationToken ct, CancellationToken drain = default)
    {
        if (_slots is null) return await runner.RunCycleAsync(ct, drain);
        try
        {
            await _slots.WaitAsync(ct);
        }
        catch (OperationCanceledException ex)
        {
            return new CycleOutcome(runner.Id, 0, 0, 0, ex);
        }
        try
        {
            return await runner.RunCycleAsync(ct, drain);
        }
        finally
        {
            _slots.Release();
        }
    }
}
