using System.Buffers;
using System.Text.Unicode;
using Helr.Kernel.Config;
using Helr.Kernel.Http;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;
using Helr.Kernel.Output;
using Helr.Kernel.Plugins;
using Helr.Kernel.State;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;
using Serilog;
using static Helr.Kernel.Text.UrlText;
using Helr.Kernel.Observability;

namespace Helr.Kernel.Polling;

// long because: the steps of one cycle (fetch, extract, render, dedupe, checkpoint) share the runner's per-source state, and kept together the flush-before-checkpoint order reads top to bottom.
/// <summary>
/// Runs poll cycles of one source: page request → response → events → envelopes → output (flushed)
/// → checkpoint. State for a page is written only after that page's lines are flushed, so a crash
/// repeats at most the pages since the last checkpoint and never skips one.
/// </summary>
internal sealed class SourceRunner : IDisposable
{
    private readonly BuiltSource _source;
    private readonly IStateStore _store;
    private readonly IPageOutput _output;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly SourceHttpClient _http;
    private readonly EnvelopeWriter _envelope;
    private readonly SourceDedupe? _dedupe;
    private readonly bool _skipFailedCheckpoints;
    private readonly List<Range> _ranges = new();
    private readonly Func<IEventScanner>? _startScan;
    private readonly LineLimiter? _lineLimit;
    private readonly StalledPage _stalled;
    private readonly Telemetry _telemetry;
    private DateTimeOffset? _newestEvent;

    /// <summary>Takes the source's collaborators as <see cref="SourceComposition"/> built them.</summary>
    public SourceRunner(BuiltSource source, SourceParts parts, IStateStore store, IPageOutput output, TimeProvider time, ILogger log, Telemetry telemetry)
    {
        _source = source;
        _store = store;
        _output = output;
        _time = time;
        _log = log;
        _telemetry = telemetry;
        _http = parts.Http;
        _envelope = parts.Envelope;
        _lineLimit = parts.LineLimit;
        _dedupe = parts.Dedupe;
        _stalled = parts.Stalled;
        _skipFailedCheckpoints = parts.SkipFailedCheckpoints;
        if (source.Source.Extractor is IIncrementalEventExtractor incremental) _startScan = incremental.StartScan;
    }

    public string Id => _source.Id;
    public SourceSettings Settings => _source.Settings;

    /// <summary>The source's circuit breaker (closed / open / half_open) for the health surface.</summary>
    public Resilience.CircuitStatus Circuit => _http.Circuit;

    /// <summary>Cycles in a row stopped at the same unreadable page, and why, for the health surface.</summary>
    public StalledPage Stall => _stalled;

    /// <summary>This instance (re)took the source's lease: another may have extended its dedupe window.</summary>
    public void ReloadDedupe() => _dedupe?.Invalidate();

    /// <param name="drain">When set, the cycle stops before its next page (a reload stopping the source): like a shutdown, minus the page in flight.</param>
    public async Task<CycleOutcome> RunCycleAsync(CancellationToken ct, CancellationToken drain = default)
    {
        var started = _time.GetTimestamp();
        using var tick = PollTick.Start(_source.Settings.Resilience.Timeouts.PollTickSecs, _time, ct);
        var outcome = tick.Explain(await RunCycleCoreAsync(tick.Token, drain));
        _telemetry.Emit(new PollFinished(_source.Id, _time.GetElapsedTime(started), outcome.Pages, outcome.Events,
            outcome.Error is not null and not OperationCanceledException));
        return outcome;
    }

    private async Task<CycleOutcome> RunCycleCoreAsync(CancellationToken ct, CancellationToken drain)
    {
        var pages = 0;
        long events = 0, duplicates = 0;
        var chain = new CheckpointChain();
        _newestEvent = null;
        try
        {
            var state = await _store.GetAllAsync(_source.Id, CancellationToken.None);
            if (_dedupe is not null) await _dedupe.EnsureLoadedAsync(CancellationToken.None);
            _stalled.Resume(state);
            var cycle = _source.Source.BeginCycle(new CycleContext
            {
                SourceId = _source.Id, State = new SourceStateView(state), Sender = _http, Time = _time, Log = new PluginLogger(_log),
                EventIdPath = _source.Settings.DedupeIdPath ?? _source.Settings.IdField,
            });
            (string Page, string Url, string Error)? stoppedAt = null;
            var pending = new Dictionary<string, string>(StringComparer.Ordinal);
            using var prefetch = new PagePrefetch(FetchAsync, _http.DelayBetweenPagesAsync);
            var request = cycle.First;
            if (request is not null) prefetch.Start(request, ct);
            try
            {
                while (request is not null)
                {
                    ct.ThrowIfCancellationRequested();
                    drain.ThrowIfCancellationRequested();
                    var (response, scanner) = await prefetch.TakeAsync();
                    PageStep step;
                    var flushed = PageReceipt.Written;
                    var mark = _dedupe?.Mark ?? 0;
                    stoppedAt = null;
                    if (response.StatusCode is < 200 or >= 300)
                    {
                        step = cycle.OnErrorStatus(response) ?? throw new PollException(
                            $"HTTP {response.StatusCode} from {Redact(response.Url)}: {ErrorBodyPreview.Render(response.Body, response.Request, _http.SentCredentialValues)}");
                        if (step.Next is not null) prefetch.Start(step.Next, ct);
                    }
                    else
                    {
                        var body = Utf8Body(response);
                        if (!body.Equals(response.Body))
                        {
                            // Repaired bytes moved: the ranges the scanner found no longer apply.
                            response = response with { Body = body };
                            scanner = null;
                        }
                        var batch = Extract(response, scanner);
                        step = cycle.OnPage(response, batch);
                        if (batch.ParseError is not null && step.Next is null)
                            stoppedAt = (PageIdentity(response.Request), Redact(response.Url), batch.ParseError);
                        // A source that parses pages itself (a script) hands over its own events.
                        if (step.Events is not null) batch = step.Events;
                        // The next page is read while this one is rendered and handed to the output.
                        if (step.Next is not null) prefetch.Start(step.Next, ct);
                        var (lines, written, dupes, ids) = Render(batch, response.Url, step.Drop, step.EventIds);
                        // Output first, then state: the checkpoint runs only once the page is flushed (or
                        // dropped and counted, or on the disk buffer); later pages are fetched meanwhile.
                        await chain.CatchUpAsync();
                        flushed = await _output.SubmitAsync(_source.Id, lines, ct);
                        // Ids count as seen only once the output took the page: a page that failed before
                        // is fetched again and must not then be dropped as duplicates.
                        _dedupe?.Accept(ids);
                        mark = _dedupe?.Mark ?? 0;
                        pages++;
                        events += written;
                        duplicates += dupes;
                    }
                    var checkpoint = step.Checkpoint;
                    await chain.AddAsync(flushed, nextWritten => CheckpointAsync(checkpoint, pending, mark, nextWritten));
                    request = step.Next;
                }
            }
            finally
            {
                await prefetch.AbandonAsync();
            }
            await chain.DrainAsync();
            foreach (var (k, v) in cycle.Finish()) pending[k] = v;
            _stalled.CycleEnded(stoppedAt?.Page, stoppedAt?.Url, stoppedAt?.Error, pending);
            await WriteStateAsync(pending, _dedupe?.Mark ?? 0);
            return new CycleOutcome(_source.Id, pages, events, duplicates, null) { NewestEventTime = _newestEvent };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Pages already handed to the output still get their checkpoints once written.
            var outputFailure = await chain.SettleAsync();
            return new CycleOutcome(_source.Id, pages, events, duplicates, outputFailure ?? PluginFault.Blame(ex, _source)) { NewestEventTime = _newestEvent };
        }
    }

    private async Task<(PageResponse, IEventScanner?)> FetchAsync(PageRequest request, PageBuffer buffer, CancellationToken ct)
    {
        try
        {
            return await _http.FetchPageAsync(request, buffer, ct, _startScan);
        }
        catch (HttpRequestException ex)
        {
            throw new PollException($"request to {Redact(request.Url)} failed: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new PollException($"request to {Redact(request.Url)} timed out", ex);
        }
    }

    private EventBatch Extract(PageResponse response, IEventScanner? scanner)
    {
        _ranges.Clear();
        try
        {
            if (!Utf8.IsValid(response.Body.Span)) throw new EventFormatException("response body is not valid UTF-8");
            if (scanner is not null) scanner.Complete(response.Body.Span, _ranges);
            else _source.Source.Extractor.Extract(response.Body.Span, _ranges);
            return new EventBatch { Body = response.Body, Ranges = _ranges.ToArray() };
        }
        catch (EventFormatException ex)
        {
            if (!_source.Settings.SkipParseErrors)
                throw new PollException($"cannot read events from {Redact(response.Url)}{ContentTypeHint(response)}: {ex.Message}", ex);
            _telemetry.Emit(new PageSkipped(_source.Id, Redact(response.Url), ContentTypeHint(response), ex.Message));
            return new EventBatch { Body = response.Body, Ranges = Array.Empty<Range>(), ParseError = ex.Message };
        }
    }

    // Dropped events (the plugin's watermark-boundary repeats) count as duplicates and never reach dedupe.
    // Ids the plugin supplies (for vendors that send none) stand in for the id path's value.
    private (PageLines Lines, int Written, int Duplicates, List<string> Ids) Render(EventBatch batch, Uri url, IReadOnlyList<int> drop, IReadOnlyList<string?>? supplied)
    {
        var ids = new List<string>();
        var page = _dedupe is null ? null : new HashSet<string>(StringComparer.Ordinal);
        var output = new PageLines(batch.Body.Length + batch.Count * 160);
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
            if (_dedupe is not null)
            {
                if (_dedupe.IsDuplicate(evt, page!, out var id, suppliedId))
                {
                    dupes++;
                    continue;
                }
                if (!string.IsNullOrEmpty(id)) ids.Add(id);
            }
            var start = output.WrittenCount;
            _envelope.Write(output, evt, endpoint, suppliedId);
            if (_lineLimit is not null && !_lineLimit.Accept(output, start, _envelope, evt, endpoint)) continue;
            written++;
            if (first < 0) first = i;
            last = i;
        }
        _lineLimit?.ReportPage(_log, Redact(url));
        // Lag (now − newest event time written, for the status board and helr_source_lag_seconds): APIs
        // list events oldest or newest first, so a page's newest is at one of its ends; reading only those
        // keeps the per-event path free.
        var newest = first < 0 ? null : Later(_envelope.EventTime(batch[first]), _envelope.EventTime(batch[last]));
        if (newest is { } n && (_newestEvent is null || n > _newestEvent)) _newestEvent = n;
        _telemetry.Emit(new EventsWritten(_source.Id, written, newest));
        return (output, written, dupes, ids);
    }

    // per_page: one commit per write batch. A page whose successor went out in the same batch leaves
    // its values in pending; the batch's last page writes them with its own position and dedupe ids.
    private async Task CheckpointAsync(IReadOnlyDictionary<string, string> checkpoint, Dictionary<string, string> pending, long mark, bool nextWritten)
    {
        foreach (var (k, v) in checkpoint) pending[k] = v;
        if (!_source.Settings.CheckpointPerPage || nextWritten) return;
        await WriteStateAsync(pending, mark);
        pending.Clear();
    }

    // Writes state together with the ids of events written since the last checkpoint (persisted dedupe).
    // Saves the state and the dedupe ids of pages up to mark (all of them flushed by now).
    private async Task WriteStateAsync(IReadOnlyDictionary<string, string> values, long mark)
    {
        var ids = _dedupe?.UnsavedBefore(mark) ?? Array.Empty<string>();
        if (values.Count == 0 && ids.Length == 0) return;
        try
        {
            await _store.CommitAsync(_source.Id, new StateCommit(values, ids, _dedupe?.Capacity ?? 0), CancellationToken.None);
            _dedupe?.SavedUpTo(mark);
        }
        catch (Exception ex) when (_skipFailedCheckpoints && ex is not (OutOfMemoryException or LeaseLostException))
        {
            _telemetry.Emit(new StateWriteFailed(_source.Id, ex.Message));
        }
    }

    // on_invalid_utf8 unset: Extract treats invalid UTF-8 as a parse error, so on_parse_error decides.
    private ReadOnlyMemory<byte> Utf8Body(PageResponse response)
    {
        var policy = _source.Settings.OnInvalidUtf8;
        if (policy == InvalidUtf8Policy.Strict) return response.Body;
        var body = Utf8Repair.Apply(response.Body, policy, out var repaired);
        if (repaired > 0)
            _log.Warning("response from {Url} had {Count} invalid UTF-8 sequence(s), {Action} (on_invalid_utf8: {Policy})", Redact(response.Url), repaired,
                policy == InvalidUtf8Policy.Replace ? "replaced by U+FFFD" : "escaped as \\xHH", policy.ToString().ToLowerInvariant());
        return body;
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    // Same method, URL and body: the same page asked for again.
    private static string PageIdentity(PageRequest request) =>
        $"{request.Method} {request.Url.AbsoluteUri} {(request.JsonBody is { } body ? Convert.ToBase64String(body.Span) : "")}";

    // A login or error page served with status 200 is the usual cause; say so instead of only "'<' is invalid".
    private static string ContentTypeHint(PageResponse response)
    {
        var body = response.Body.Span.TrimStart(" \t\r\n"u8);
        return body.Length > 0 && body[0] == (byte)'<' ? " (the body looks like HTML or XML, not JSON)" : "";
    }

    public void Dispose() => _http.Dispose();
}
