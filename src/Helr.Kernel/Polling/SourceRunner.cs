using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Helr.Kernel.Config;
using Helr.Kernel.Http;
using Helr.Kernel.Output;
using Helr.Kernel.State;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;
using Serilog;

namespace Helr.Kernel.Polling;

/// <summary>
/// Runs poll cycles of one source: page request → response → events → envelopes → output (flushed)
/// → checkpoint. State for a page is written only after that page's lines are flushed, so a crash
/// repeats at most the pages since the last checkpoint and never skips one.
/// </summary>
internal sealed class SourceRunner : IDisposable
{
    private readonly SourceConfig _source;
    private readonly IStateStore _store;
    private readonly OutputWriter _output;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly SourceHttpClient _http;
    private readonly PageBuffer _body = new();
    private readonly EnvelopeWriter _envelope;
    private readonly SourceDedupe? _dedupe;
    private readonly bool _skipFailedCheckpoints;
    private readonly List<Range> _ranges = new();

    public SourceRunner(SourceConfig source, GlobalConfig global, IStateStore store, OutputWriter output, TimeProvider time, ILogger log)
    {
        _source = source;
        _store = store;
        _output = output;
        _time = time;
        _log = log.ForContext("source_id", source.Id);
        var s = source.Settings;
        _http = new SourceHttpClient(source.Source.Authenticator, s.MaxResponseBytes, TimeSpan.FromSeconds(30));
        _envelope = new EnvelopeWriter(
            s.LabelKey ?? global.SourceLabelKey,
            s.LabelValue ?? source.Id,
            s.TimestampField ?? source.Source.Defaults.TimestampField,
            s.IdField ?? source.Source.Defaults.IdField,
            time);
        if (s.DedupeIdPath is not null) _dedupe = new SourceDedupe(store, source.Id, s.DedupeIdPath, s.DedupeCapacity);
        _skipFailedCheckpoints = s.SkipCheckpointOnStateError || global.Degradation.EmitWithoutCheckpoint;
    }

    public string Id => _source.Id;
    public SourceSettings Settings => _source.Settings;

    /// <summary>This instance (re)took the source's lease: another may have extended its dedupe window.</summary>
    public void ReloadDedupe() => _dedupe?.Invalidate();

    public async Task<CycleOutcome> RunCycleAsync(CancellationToken ct)
    {
        var pages = 0;
        long events = 0, duplicates = 0;
        try
        {
            var state = await _store.GetAllAsync(_source.Id, CancellationToken.None);
            if (_dedupe is not null) await _dedupe.EnsureLoadedAsync(CancellationToken.None);
            var cycle = _source.Source.BeginCycle(new CycleContext(_source.Id, new SourceStateView(state), _http, _time, new PluginLogger(_log)));
            var pending = new Dictionary<string, string>(StringComparer.Ordinal);
            var request = cycle.First;
            while (request is not null)
            {
                ct.ThrowIfCancellationRequested();
                var response = await FetchAsync(request, ct);
                PageStep step;
                if (response.StatusCode is < 200 or >= 300)
                {
                    step = cycle.OnErrorStatus(response) ?? throw new PollException(
                        $"HTTP {response.StatusCode} from {Redact(response.Url)}: {BodyPreview(response.Body.Span)}");
                }
                else
                {
                    var batch = Extract(response);
                    step = cycle.OnPage(response, batch);
                    // Rendering marks ids as seen, so nothing may fail between it and the write.
                    var (lines, written, dupes) = Render(batch, response.Url);
                    // Output first, then state: the checkpoint never runs ahead of what was flushed.
                    await _output.WriteAsync(lines);
                    pages++;
                    events += written;
                    duplicates += dupes;
                }
                await CheckpointAsync(step.Checkpoint, pending);
                request = step.Next;
            }
            foreach (var (k, v) in cycle.Finish()) pending[k] = v;
            await WriteStateAsync(pending);
            return new CycleOutcome(_source.Id, pages, events, duplicates, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new CycleOutcome(_source.Id, pages, events, duplicates, ex);
        }
    }

    private async Task<PageResponse> FetchAsync(PageRequest request, CancellationToken ct)
    {
        try
        {
            return await _http.FetchPageAsync(request, _body, ct);
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

    private EventBatch Extract(PageResponse response)
    {
        _ranges.Clear();
        try
        {
            if (!Utf8.IsValid(response.Body.Span)) throw new EventFormatException("response body is not valid UTF-8");
            _source.Source.Extractor.Extract(response.Body.Span, _ranges);
            return new EventBatch(response.Body, _ranges.ToArray());
        }
        catch (EventFormatException ex)
        {
            if (!_source.Settings.SkipParseErrors)
                throw new PollException($"cannot read events from {Redact(response.Url)}: {ex.Message}", ex);
            _log.Warning("skipping a page from {Url} that could not be parsed (on_parse_error: skip): {Reason}", Redact(response.Url), ex.Message);
            return new EventBatch(response.Body, Array.Empty<Range>(), ex.Message);
        }
    }

    private (ReadOnlyMemory<byte> Lines, int Written, int Duplicates) Render(EventBatch batch, Uri url)
    {
        // A fresh buffer per page: the output writer may still hold the previous page.
        var output = new ArrayBufferWriter<byte>(Math.Max(256, batch.Body.Length + batch.Count * 160));
        using var writer = EnvelopeWriter.CreateJsonWriter(output);
        var endpoint = url.AbsolutePath;
        var written = 0;
        var dupes = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var evt = batch[i];
            if (_dedupe is not null && !_dedupe.IsNew(evt))
            {
                dupes++;
                continue;
            }
            _envelope.Write(output, writer, evt, endpoint);
            written++;
        }
        return (output.WrittenMemory, written, dupes);
    }

    private async Task CheckpointAsync(IReadOnlyDictionary<string, string> checkpoint, Dictionary<string, string> pending)
    {
        if (_source.Settings.CheckpointPerPage)
        {
            await WriteStateAsync(checkpoint);
            return;
        }
        foreach (var (k, v) in checkpoint) pending[k] = v;
    }

    // Writes state together with the ids of events written since the last checkpoint (persisted dedupe).
    private async Task WriteStateAsync(IReadOnlyDictionary<string, string> values)
    {
        var ids = _dedupe?.Unsaved.ToArray() ?? Array.Empty<string>();
        if (values.Count == 0 && ids.Length == 0) return;
        try
        {
            await _store.CommitAsync(_source.Id, new StateCommit(values, ids, _dedupe?.Capacity ?? 0), CancellationToken.None);
            _dedupe?.Saved(ids.Length);
        }
        catch (Exception ex) when (_skipFailedCheckpoints && ex is not (OutOfMemoryException or LeaseLostException))
        {
            _log.Warning("state store write failed, skipping checkpoint (on_state_write_error: skip_checkpoint): {Error}", ex.Message);
        }
    }

    /// <summary>The URL without its query, which may carry tokens or cursors.</summary>
    internal static string Redact(Uri url) => url.GetLeftPart(UriPartial.Path) + (url.Query.Length > 1 ? "?…" : "");

    internal static string BodyPreview(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)]).ReplaceLineEndings(" ").Trim();
        return text.Length == 0 ? "(empty body)" : body.Length > 300 ? text + "…" : text;
    }

    public void Dispose() => _http.Dispose();
}
