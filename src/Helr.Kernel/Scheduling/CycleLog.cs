using Helr.Kernel.Output;
using Helr.Kernel.Polling;
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
            case PollException poll:
                log.Error("poll failed: {SourceId}: {Error}", outcome.SourceId, poll.Message);
                break;
            default:
                log.Error("poll failed: {SourceId}: {Error}", outcome.SourceId, outcome.Error.Message);
                break;
        }
    }
}
