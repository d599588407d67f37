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

namespace Helr.Kernel.Polling;

/// <summary>
/// Runs poll cycles of one source: page request → response → events → envelopes → output (flushed)
/// → checkpoint. State for a page is written only after that page's lines are flushed, so a crash
/// repeats at most the pages since the last checkpoint and never skips one.
/// </summary>
internal sealed partial class SourceRunner : IDisposable
{
    private readonly BuiltSource _source;
    private readonly IStateStore _store;
    private readonly IPageOutput _output;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly SourceHttpClient _http;
    private readonly SourceDedupe? _dedupe;
    private readonly StalledPage _stalled;
    private readonly Telemetry _telemetry;
    private readonly PageExtractor _extractor;
    private readonly PageRenderer _renderer;
    private readonly SourceStateWriter _state;

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
        _dedupe = parts.Dedupe;
        _stalled = parts.Stalled;
        _extractor = new PageExtractor(source.Settings, source.Source.Extractor, log, telemetry, parts.Http.Secrets);
        _renderer = new PageRenderer(source.Id, parts.Envelope, parts.Dedupe, parts.LineLimit, log, telemetry, parts.Http.Secrets);
        _state = new SourceStateWriter(source.Settings, store, parts.Dedupe, parts.SkipFailedCheckpoints, telemetry, UrlSecretParameters.Of(source.Config.Block));
    }

    public string Id => _source.Id;
    public SourceSettings Settings => _source.Settings;

    /// <summary>The source's circuit breaker (closed / open / half_open) for the health surface.</summary>
    public Resilience.CircuitStatus Circuit => _http.Circuit;

    /// <summary>This instance (re)took the source's lease: another may have extended its dedupe window.</summary>
    public void ReloadDedupe() => _dedupe?.Invalidate();

    /// <param name="drain">When set, the cycle stops before its next page (a reload stopping the source): like a shutdown, minus the page in flight.</param>
    /// <param name="stuck">Called once if the cycle is found stuck (<see cref="StuckCycle"/>).</param>
    /// <param name="cut">When set, a page whose hand-over to the output has begun is handed over whole after <paramref name="ct"/> stops the
    /// cycle; only this (the stop's deadline) or poll_tick_secs cuts it, its queued lines then taken back. Unset, <paramref name="ct"/> cuts it.</param>
    public async Task<CycleOutcome> RunCycleAsync(CancellationToken ct, CancellationToken drain = default, Action? stuck = null, CancellationToken cut = default)
    {
        var started = _time.GetTimestamp();
        using var tick = PollTick.Start(_source.Settings.Resilience.Timeouts.PollTickSecs, _time, ct);
        using var handOver = cut.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cut, tick.Deadline) : null;
        var outcome = tick.Explain(await Stuck.WatchAsync(() => RunCycleCoreAsync(tick.Token, drain, handOver?.Token ?? tick.Token), tick, stuck), drain);
        if (!Retired)
            _telemetry.Emit(new PollFinished(_source.Id, _time.GetElapsedTime(started), outcome.Pages, outcome.Events,
                outcome.Error is not null and not OperationCanceledException));
        return outcome;
    }

    private async Task<CycleOutcome> RunCycleCoreAsync(CancellationToken ct, CancellationToken drain, CancellationToken handOver)
    {
        var pages = 0;
        long events = 0, duplicates = 0;
        var chain = new CheckpointChain();
        _renderer.StartCycle();
        _submitted = Task.CompletedTask;
        try
        {
            var state = await _store.GetAllAsync(_source.Id, CancellationToken.None);
            if (_dedupe is not null) await _dedupe.EnsureLoadedAsync(CancellationToken.None);
            _stalled.Resume(state);
            var cycle = BeginCycle(state, ct);
            (string Page, string Url, string Error)? stoppedAt = null;
            var pending = new Dictionary<string, string>(StringComparer.Ordinal);
            using var stream = StreamFor(cycle);
            using var prefetch = new PagePrefetch((r, buffer, token) => FetchAsync(r, buffer, stream, token), _http.DelayBetweenPagesAsync);
            void Start(PageRequest next)
            {
                stream?.Begin(next);
                prefetch.Start(next, ct);
            }
            var request = cycle.First;
            if (request is not null) Start(request);
            try
            {
                while (request is not null)
                {
                    ct.ThrowIfCancellationRequested();
                    drain.ThrowIfCancellationRequested();
                    stream?.Open();
                    var (response, scanner, oversized) = await TakeAsync(prefetch, cycle, request);
                    PageStep step;
                    var flushed = PageReceipt.Written;
                    var mark = _dedupe?.Mark ?? 0;
                    stoppedAt = null;
                    if (oversized is not null || response.StatusCode is < 200 or >= 300)
                    {
                        step = oversized ?? PluginStepCheck.Page(cycle.OnErrorStatus(response) ?? throw new PollException(
                            $"HTTP {response.StatusCode} from {Redact(response.Url)}: {ErrorBodyPreview.Render(response.Body, response.Request, _http.Secrets.Values)}"), "OnErrorStatus", _source);
                        if (step.Next is not null) Start(step.Next);
                    }
                    else if (stream is { Streamed: true })
                    {
                        (step, flushed, var written, var dupes) = await StreamedPageAsync(stream, (IStreamingPollCycle)cycle, response, chain, ct, handOver);
                        if (stream.Read!.Value.ParseError is { } error && step.Next is null && !step.EndOfData)
                            stoppedAt = (PageIdentity(response.Request), Redact(response.Url), error);
                        mark = _dedupe?.Mark ?? 0;
                        pages++;
                        events += written;
                        duplicates += dupes;
                        if (step.Next is not null) Start(step.Next); // while a spilled page is handed over
                    }
                    else
                    {
                        var body = _extractor.Utf8Body(response);
                        if (!body.Equals(response.Body))
                        {
                            // Repaired bytes moved: the ranges the scanner found no longer apply.
                            response = response with { Body = body };
                            scanner = null;
                        }
                        var batch = _extractor.Extract(response, scanner);
                        step = PluginStepCheck.Page(cycle.OnPage(response, batch), "OnPage", _source);
                        // A source that parses pages itself (a script) hands over its own events, or why it could not.
                        if (step.Events is not null) batch = _extractor.Own(response, batch, step.Events);
                        if (batch.ParseError is not null && step.Next is null && !step.EndOfData)
                            stoppedAt = (PageIdentity(response.Request), Redact(response.Url), batch.ParseError);
                        // The next page is read while this one is rendered and handed to the output; a large
                        // page goes alone (its body let go once rendered, its lines written before the next).
                        var overlap = PagePrefetch.Overlaps(response.Body.Length);
                        if (step.Next is not null && overlap) Start(step.Next);
                        var (lines, written, dupes, ids) = _renderer.Render(batch, response.Url, step.Drop, step.EventIds);
                        prefetch.Rendered(overlap, last: step.Next is null);
                        // Output first, then state: the checkpoint runs only once the page is flushed (or
                        // dropped and counted, or on the disk buffer); later pages are fetched meanwhile.
                        await chain.CatchUpAsync();
                        await _submitted;
                        // A page not yet begun when the stop came is not begun: one begun is handed over whole (handOver).
                        ct.ThrowIfCancellationRequested();
                        flushed = await _output.SubmitAsync(_source.Id, lines, handOver);
                        _renderer.Handed();
                        // Ids count as seen only once the output took the page: a page that failed before
                        // is fetched again and must not then be dropped as duplicates.
                        _dedupe?.Accept(ids);
                        mark = _dedupe?.Mark ?? 0;
                        pages++;
                        events += written;
                        duplicates += dupes;
                        if (!overlap && step.Next is not null)
                        {
                            await flushed.Acknowledged;
                            // The next body is allocated once this one is garbage (LargePage); this method's
                            // locals, kept across awaits, would still reach it.
                            (response, batch, body) = (null!, null!, default);
                            Start(step.Next);
                        }
                    }
                    var checkpoint = step.Checkpoint;
                    await chain.AddAsync(flushed, nextWritten => _state.CheckpointAsync(checkpoint, pending, mark, nextWritten));
                    request = step.Next;
                }
            }
            finally
            {
                await prefetch.AbandonAsync();
            }
            await chain.DrainAsync();
            foreach (var (k, v) in PluginStepCheck.State(cycle.Finish(), "Finish", _source)) pending[k] = v;
            _stalled.CycleEnded(stoppedAt?.Page, stoppedAt is null ? null : _state.StoredWith(pending), stoppedAt?.Url, stoppedAt?.Error, pending);
            await _state.WriteStateAsync(pending, _dedupe?.Mark ?? 0);
            return new CycleOutcome(_source.Id, pages, events, duplicates, null) { NewestEventTime = _renderer.NewestEvent };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Pages already handed to the output still get their checkpoints once written.
            var outputFailure = await SettleAsync(chain);
            return new CycleOutcome(_source.Id, pages, events, duplicates, outputFailure ?? PluginFault.Blame(ex, _source, _http.Secrets)) { NewestEventTime = _renderer.NewestEvent };
        }
    }

    public void Dispose() { Disposed = true; _http.Dispose(); _spoolFiles.Dispose(); }
}
