using Helr.Kernel.Polling;

namespace Helr.Kernel.Scheduling;

// A cycle's failure must stay one failed cycle. An exception nobody anticipated escaping it (a plugin's
// exception whose Message getter throws, read when the failure is named or logged) faulted the source's
// loop: nobody observes that task, so the source was never polled again and kept its last status for
// ever; in a one-cycle run it ended the run with an unhandled exception. A message of any length is cut
// here too (ErrorLength), the one place every cycle's outcome passes before it is shown.
internal sealed partial class SourceScheduler
{
    private async Task<CycleOutcome> GuardedCycleAsync(SourceRunner runner, CancellationToken ct, CancellationToken drain, CancellationToken cut)
    {
        CycleOutcome outcome;
        try
        {
            outcome = await _bulkhead.RunAsync(runner, ct, drain, cut);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new CycleOutcome(runner.Id, 0, 0, 0, new PollException(ErrorLength.Cut($"the cycle failed unexpectedly: {PluginFault.Describe(ex)}"), ex));
        }
        if (outcome.Error is not { } error) return outcome;
        try
        {
            // Read once here: the status board and the log read it after.
            var message = error.Message;
            // The scheduler tells these apart by type; their messages are the kernel's own, and short.
            if (message.Length <= ErrorLength.Max || error is OperationCanceledException or Output.OutputFailedException or State.LeaseLostException) return outcome;
            // Not kept as the inner exception: whatever printed it would print the whole message again.
            return outcome with { Error = new PollException(ErrorLength.Cut(message)) };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return outcome with { Error = new PollException(PluginFault.Describe(error), error) };
        }
    }

    // A lease the store failed to give: a failed cycle in every view, the metrics included.
    private void ReportRefused(SourceRunner runner, string why)
    {
        runner.CountFailedCycle();
        Report(new CycleOutcome(runner.Id, 0, 0, 0, new PollException(why)));
    }
}
