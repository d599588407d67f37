using Helr.Kernel.Observability.Telemetry;
using Serilog;

namespace Helr.Kernel.Output;

/// <summary>The end-of-run summary: lines written (and from the disk buffer), drops and errors per source (from Helr's own counters), and what is left on disk.</summary>
internal static class OutputSummary
{
    public static void Log(ILogger log, RunCounters counters, long written, long fromDisk, DiskBuffer? rest)
    {
        // The summary is an info line: at log_level warn or error its text (sorted LINQ over the
        // counters, ~5 ms of JIT at the end of a one-page run) is not built at all.
        if (log.IsEnabled(Serilog.Events.LogEventLevel.Information)) LogSummary(log, counters, written, fromDisk);
        var left = rest?.UnreadBytes ?? 0;
        if (left > 0)
            log.Warning("{Bytes} bytes remain in the disk buffer {Path}; they are written first at the next start", left, rest!.Path);
    }

    private static void LogSummary(ILogger log, RunCounters counters, long written, long fromDisk)
    {
        var drops = string.Join(", ", counters.AllDrops().Select(d => $"helr_events_dropped_total{{source=\"{d.Source}\",reason=\"{d.Reason}\"}}={d.Count}"));
        var errors = string.Join(", ", counters.AllOutputErrors().Select(e => $"helr_output_errors_total{{source=\"{e.Source}\"}}={e.Count}"));
        log.Information("output summary: {Written} lines written{FromDisk}; dropped: {Drops:l}{Errors:l}",
            written, fromDisk > 0 ? $" ({fromDisk} from the disk buffer)" : "", drops.Length == 0 ? "none" : drops, errors.Length == 0 ? "" : "; errors: " + errors);
    }
}
