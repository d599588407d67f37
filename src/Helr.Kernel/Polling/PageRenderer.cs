using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;
using Helr.Kernel.Output;
using Helr.PluginSdk.Events;
using Serilog;
using static Helr.Kernel.Text.UrlText;

namespace Helr.Kernel.Polling;

/// <summary>
/// Turns one page's events into its NDJSON lines: drops the plugin's boundary repeats and dedupe
/// hits, writes each envelope, applies <c>max_line_bytes</c>, and keeps the newest event time
/// written in the cycle (for lag).
/// </summary>
internal sealed class PageRenderer(string sourceId, EnvelopeWriter envelope, SourceDedupe? dedupe, LineLimiter? lineLimit, ILogger log, Telemetry telemetry)
{
    /// <summary>The newest event time written since <see cref="StartCycle"/>.</summary>
    public DateTimeOffset? NewestEvent { get; private set; }

    public void StartCycle() => NewestEvent = null;

    // Dropped events (the plugin's watermark-boundary repeats) count as duplicates and never reach dedupe.
    // Ids the plugin supplies (for vendors that send none) stand in for the id path's value.
    public (PageLines Lines, int Written, int Duplicates, List<string> Ids) Render(EventBatch batch, Uri url, IReadOnlyList<int> drop, IReadOnlyList<string?>? supplied)
    {
        var ids = new List<string>();
        var page = dedupe is null ? null : new HashSet<string>(StringComparer.Ordinal);
        var output = new PageLines(batch.Body.Length + batch.Count * 160, batch.Count);
        var endpoint = url.AbsolutePath;
        var written = 0;
        var dupes = 0;
        int first = -1, last = -1;
        for (var i = 0; i < batch.Count; i++)
        {
            var evt = batch[i];
            var suppliedId = supplied is not null && i < supplied.Count ? supplied[i] : null;
            if (drop.Count > 0 && drop.Contains(i))
            {
                dupes++;
                continue;
            }
            if (dedupe is not null)
            {
                if (dedupe.IsDuplicate(evt, page!, out var id, suppliedId))
                {
                    dupes++;
                    continue;
                }
                if (!string.IsNullOrEmpty(id)) ids.Add(id);
            }
            var start = output.WrittenCount;
            envelope.Write(output, evt, endpoint, suppliedId);
            if (lineLimit is not null && !lineLimit.Accept(output, start, envelope, evt, endpoint)) continue;
            output.EndLine();
            written++;
            if (first < 0) first = i;
            last = i;
        }
        lineLimit?.ReportPage(log, Redact(url));
        // Lag (now − newest event time written, for the status board and helr_source_lag_seconds): APIs
        // list events oldest or newest first, so a page's newest is at one of its ends; reading only those
        // keeps the per-event path free.
        var newest = first < 0 ? null : Later(envelope.EventTime(batch[first]), envelope.EventTime(batch[last]));
        if (newest is { } n && (NewestEvent is null || n > NewestEvent)) NewestEvent = n;
        telemetry.Emit(new EventsWritten(sourceId, written, newest));
        return (output, written, dupes, ids);
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
