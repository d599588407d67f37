using Helr.Kernel.Config;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;
using Serilog;
using Helr.Kernel.Output;

namespace Helr.Kernel.Polling;

/// <summary>
/// <c>max_line_bytes</c> (the line's length without its newline) and <c>max_line_bytes_behavior</c>:
/// <c>fail</c> fails the page before any of it is written; <c>skip</c> drops the event and counts it
/// in <c>helr_events_dropped_total{reason="max_line_bytes"}</c>; <c>truncate</c> replaces the event by
/// a JSON object holding as much of its start as fits (see <see cref="EnvelopeWriter.WriteTruncated"/>).
/// </summary>
internal sealed class LineLimiter(string sourceId, long max, LineLimitBehavior behavior, Telemetry telemetry)
{
    private int _truncated;
    private int _skipped;

    public static LineLimiter? Create(SourceSettings settings, Telemetry telemetry) =>
        settings.MaxLineBytes is { } max ? new LineLimiter(settings.Id, max, settings.MaxLineBytesBehavior, telemetry) : null;

    /// <summary>Checks the line just written from <paramref name="start"/>; false when it was removed.</summary>
    public bool Accept(PageLines output, int start, EnvelopeWriter envelope, ReadOnlySpan<byte> evt, string endpoint, SuppliedFields supplied = default)
    {
        var length = output.WrittenCount - start - 1;
        if (length <= max) return true;
        if (behavior == LineLimitBehavior.Fail)
            throw new PollException($"an event line of {length} bytes exceeds max_line_bytes ({max}); nothing of this page was written (max_line_bytes_behavior: fail)");
        output.Truncate(start);
        if (behavior == LineLimitBehavior.Truncate)
        {
            // The prefix is escaped when written, so shrink it by the overshoot until the line fits.
            var prefix = (int)Math.Min(evt.Length, max);
            while (true)
            {
                envelope.WriteTruncated(output, evt, endpoint, prefix, supplied);
                var over = output.WrittenCount - start - 1 - max;
                if (over <= 0)
                {
                    _truncated++;
                    return true;
                }
                output.Truncate(start);
                if (prefix == 0) break;
                prefix = (int)Math.Max(0, prefix - Math.Max(over, 1));
            }
        }
        _skipped++;
        return false;
    }

    /// <summary>What one page's lines had cut or dropped.</summary>
    public readonly record struct Cuts(int Truncated, int Skipped);

    /// <summary>The cuts of the lines checked since the page began; the counts start again for the next page.</summary>
    /// <remarks>
    /// Taken at the page's end, not as each line is removed: the windows of a streamed page may yet be
    /// discarded (<see cref="Discard"/>), and then none of their events was dropped.
    /// </remarks>
    public Cuts TakePage()
    {
        var cuts = new Cuts(_truncated, _skipped);
        _truncated = _skipped = 0;
        return cuts;
    }

    /// <summary>Counts and logs a page's cuts, once the output took the page (a page fetched again is cut again).</summary>
    public void Report(Cuts cuts, ILogger log, string url)
    {
        if (cuts.Skipped > 0) telemetry.Emit(new EventsDropped(sourceId, EventsDropped.MaxLineBytes, cuts.Skipped));
        if (cuts.Truncated > 0)
            log.Warning("{Count} event(s) from {Url} were longer than max_line_bytes ({Max}) and were truncated (event replaced by its prefix, meta.truncated: true)", cuts.Truncated, url, max);
        if (cuts.Skipped > 0)
            log.Warning("{Count} event(s) from {Url} were longer than max_line_bytes ({Max}) and were skipped (counted in helr_events_dropped_total{{reason=\"max_line_bytes\"}})", cuts.Skipped, url, max);
    }

    /// <summary>The lines checked since the last page ended were discarded unwritten (a streamed page read again or skipped): nothing of them is counted.</summary>
    public void Discard() => _truncated = _skipped = 0;
}
