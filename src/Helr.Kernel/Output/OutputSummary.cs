using Helr.Kernel.Observability;
using Serilog;

namespace Helr.Kernel.Output;

/// <summary>The end-of-run summary: lines written (and from the disk buffer), drops and errors per source, and what is left on disk.</summary>
internal static class OutputSummary
{
    public static void Log(ILogger log, long written, long fromDisk, DiskBuffer? rest)
    {
        var drops = string.Join(", ", OutputMetrics.AllDrops().Select(d => $"helr_events_dropped_total{{source=\"{d.Source}\",reason=\"{d.Reason}\"}}={d.Count}"));
        var errors = string.Join(", ", OutputMetrics.AllOutputErrors().Select(e => $"helr_output_errors_total{{source=\"{e.Source}\"}}={e.Count}"));
        log.Information("output summary: {Written} lines written{FromDisk}; dropped: {Drops:l}{Errors:l}",
            written, fromDisk > 0 ? $" ({fromDisk} from the disk buffer)" : "", drops.Length == 0 ? "none" : drops, errors.Length == 0 ? "" : "; errors: " + errors);
        var left = rest?.UnreadBytes ?? 0;
        if (left > 0)
            log.Warning("{Bytes} bytes remain in the disk buffer {Path}; they are written first at the next start", left, rest!.Path);
    }
}
