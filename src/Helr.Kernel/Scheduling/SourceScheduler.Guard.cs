using Helr.Kernel.Polling;

namespace Helr.Kernel.Scheduling;

// A cycle's failure must stay one failed cycle. An exception nobody anticipated escaping it (a plugin's
// exception whose Message getter throws, read when the failure is named or logged) faulted the source's
// loop: nobody observes that task, so the source was never polled again and kept its last status for
// ever; in a one-cycle run it ended the run with an unhandled exception.
internal sealed partial class SourceScheduler
{
    private async Task<CycleOutcome> GuardedCycleAsync(SourceRunner runner, CancellationToken ct, CancellationToken drain = default)
    {
        CycleOutcome outcome;
        try
        {
            outcome = await _bulkhead.RunAsync(runner, ct, drain);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new CycleOutcome(runner.Id, 0, 0, 0, new PollException($"the cycle failed unexpectedly: {PluginFault.Describe(ex)}", ex));
        }
        if (outcome.Error is not { } error) return outcome;
        try
        {
            // Read once here: the status board and the log read it after.
            _ = error.Message;
            return outcome;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return outcome with { Error = new PollException(PluginFault.Describe(error), error) };
        }
    }
}
