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
internal sealed class PageRenderer(string sourceId, EnvelopeWriter envelope, SourceDedupe? dedupe, LineLimiter? lineLimit, ILogger log, Telemetry telemetry,
    Text.SecretScrubber? secrets = null)
{
    /// <summary>The newest event time written since <see cref="StartCycle"/>.</summary>
    public DateTimeOffset? NewestEvent { get; private set; }

    // The page last ended, counted once the output took it (Handed), with what max_line_bytes cut of it.
    private (EventsWritten Written, LineLimiter.Cuts Cuts, string Url)? _ended;

    public void StartCycle() => (NewestEvent, _ended) = (null, null);

    // Dropped events (the plugin's watermark-boundary repeats) count as duplicates and never reach dedupe.
    // Ids the plugin supplies (for vendors that send none) stand in for the id path's value; the times and
    // labels of a batch it parsed itself (a script's ts and source) for the source's rules.
    public (PageLines Lines, int Written, int Duplicates, List<string> Ids) Render(EventBatch batch, Uri url, IReadOnlyList<int> drop, IReadOnlyList<string?>? supplied)
    {
        var page = Begin(url);
        var output = new PageLines(batch.Body.Length + batch.Count * 160, batch.Count);
        Add(page, output, batch, drop, supplied);
        End(page, url);
        return (output, page.Written, page.Duplicates, page.Ids);
    }

    /// <summary>Starts a page whose events come in windows (<see cref="Add"/>), ended by <see cref="End"/>.</summary>
    public RenderedPage Begin(Uri url) => new(dedupe is null ? null : new HashSet<string>(StringComparer.Ordinal), Shown(url));

    /// <summary>Renders the next events of <paramref name="page"/> into <paramref name="output"/>; <paramref name="drop"/> and <paramref name="supplied"/> index into <paramref name="batch"/>.</summary>
    public void Add(RenderedPage page, PageLines output, EventBatch batch, IReadOnlyList<int> drop, IReadOnlyList<string?>? supplied)
    {
        int first = -1, last = -1;
        var any = SuppliedFields.Any(batch, supplied);
        for (var i = 0; i < batch.Count; i++)
        {
            var evt = batch[i];
            var fields = any ? SuppliedFields.At(batch, supplied, i) : default;
            if (drop.Count > 0 && drop.Contains(i))
            {
                page.Duplicates++;
                continue;
            }
            if (dedupe is not null)
            {
                if (dedupe.IsDuplicate(evt, page.Seen!, out var id, fields.Id))
                {
                    page.Duplicates++;
                    continue;
                }
                if (!string.IsNullOrEmpty(id)) page.Ids.Add(id);
            }
            var start = output.WrittenCount;
            envelope.Write(output, evt, page.Endpoint, fields);
            if (lineLimit is not null && !lineLimit.Accept(output, start, envelope, evt, page.Endpoint, fields)) continue;
            output.EndLine();
            page.Written++;
            if (first < 0) first = i;
            last = i;
        }
        if (first < 0) return;
        // Lag (now − newest event time written, for the status board and helr_source_lag_seconds): APIs
        // list events oldest or newest first, so a page's newest is at one of its ends; reading only those
        // keeps the per-event path free.
        if (!page.AnyWritten) page.FirstTime = envelope.EventTime(batch[first], SuppliedFields.TsAt(batch, first));
        page.AnyWritten = true;
        page.LastTime = envelope.EventTime(batch[last], SuppliedFields.TsAt(batch, last));
    }

    /// <summary>The page is rendered: its lines, newest event time and cut lines count once it is <see cref="Handed"/>.</summary>
    public void End(RenderedPage page, Uri url)
    {
        var cuts = lineLimit?.TakePage() ?? default;
        _ended = (new EventsWritten(sourceId, page.Written, page.AnyWritten ? Later(page.FirstTime, page.LastTime) : null), cuts, secrets?.Scrub(Redact(url)) ?? Redact(url));
    }

    /// <summary>
    /// The output took the page last ended: its events count (helr_events_emitted_total, lag), and so do
    /// the events max_line_bytes dropped of it. Not at <see cref="End"/>: a cycle cut while the page waited
    /// for room (a poll tick under block) fetches it again, and its events then counted twice.
    /// </summary>
    public void Handed()
    {
        if (_ended is not { } ended) return;
        _ended = null;
        if (ended.Written.Newest is { } n && (NewestEvent is null || n > NewestEvent)) NewestEvent = n;
        telemetry.Emit(ended.Written);
        lineLimit?.Report(ended.Cuts, log, ended.Url);
    }

    /// <summary>The windows rendered since the last page ended are discarded unwritten (a streamed page read again or skipped).</summary>
    public void Discard() => lineLimit?.Discard();

    // The endpoint is the url's path, where some APIs take their key (Telegram's /bot<token>/…): every
    // line would carry it.
    private string Shown(Uri url) => secrets?.ScrubPath(url.AbsolutePath) ?? url.AbsolutePath;

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
