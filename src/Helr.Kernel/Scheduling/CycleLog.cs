using Helr.Kernel.Output;
using Helr.Kernel.Polling;
using Helr.Kernel.Resilience;
using Serilog;

namespace Helr.Kernel.Scheduling;

/// <summary>The one log line of each cycle's outcome.</summary>
internal static class CycleLog
{
    public static void Write(ILogger log, CycleOutcome outcome)
    {
        switch (outcome.Error)
        {
            case null:
                log.Information("poll ok: {SourceId} {Pages} pages, {Events} events{Dupes}",
                    outcome.SourceId, outcome.Pages, outcome.Events, outcome.Duplicates > 0 ? $" ({outcome.Duplicates} duplicates dropped)" : "");
                break;
            case StoppedByReloadException:
                log.Information("poll stopped by reload: {SourceId} after {Pages} pages, {Events} events", outcome.SourceId, outcome.Pages, outcome.Events);
                break;
            case OperationCanceledException:
                log.Information("poll stopped by shutdown: {SourceId} after {Pages} pages, {Events} events", outcome.SourceId, outcome.Pages, outcome.Events);
                break;
            case OutputFailedException output:
                log.Fatal("{Message}; stopping so no state is checkpointed past what was written", output.Message);
                break;
            // Not an ERROR each cycle for as long as an outage lasts (every 10 s for hours with a short interval):
            // the failure that opened the circuit and each failed probe, one per open period, are logged as
            // errors with their cause, and the opening as a warning; a refused cycle adds nothing to them.
            case { } refused when outcome.Pages == 0 && CircuitRefusal.Of(refused) is { } why:
                log.Information("poll skipped: {SourceId}: {Why}", outcome.SourceId, why);
                break;
            case PollException poll:
                log.Error("poll failed: {SourceId}: {Error}", outcome.SourceId, poll.Message);
                break;
            default:
                log.Error("poll failed: {SourceId}: {Error}", outcome.SourceId, outcome.Error.Message);
                break;
        }
    }
}
