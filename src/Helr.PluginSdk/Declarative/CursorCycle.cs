using System.Text.Json.Nodes;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Declarative;

/// <summary>
/// Reads the next cursor at <c>cursor_path</c> and sends it as <c>cursor_param</c> (query for GET,
/// merged into the JSON body for POST). State key <c>cursor</c>; a page without a cursor completes the
/// traversal and clears it. A stored cursor made with other query settings is not resumed
/// (<see cref="StoredCursor"/>): a cursor request carries the url and the cursor alone, so the edit
/// would wait for the traversal to end.
/// </summary>
internal sealed class CursorCycle : IStreamingPollCycle
{
    /// <summary>The state key holding the cursor to resume from.</summary>
    public const string StateKey = "cursor";

    private readonly DeclarativeParts _parts;
    private readonly DottedPath _cursorPath;
    private readonly CursorResetPolicy _reset;
    private readonly StoredCursor _stored;
    private string? _sentCursor;

    public CursorCycle(DeclarativeOptions options, CycleContext context, UnresolvedFieldWarning? unresolved = null)
    {
        _parts = new DeclarativeParts(options, context, unresolved);
        _cursorPath = DottedPath.Parse(options.Pagination!.CursorPath!);
        _reset = new CursorResetPolicy(options.ResetOnCursorError, context);
        _stored = new StoredCursor(context, StateKey, _parts.QueryFingerprint(), DeclarativeParts.QuerySettings);
        First = _stored.Resume is { } stored ? WithCursor(stored) : _parts.Request(_parts.FirstRequestUrl());
    }

    public PageRequest? First { get; }

    public PageStep OnPage(PageResponse response, EventBatch events)
    {
        var stop = _parts.Observe(response, events);
        return After(response, events.ParseError, _parts.Filled, stop);
    }

    public WindowStep OnEventWindow(EventWindow window) => _parts.ObserveWindow(window);

    // The skeleton keeps the cursor: it is read there as from a whole body.
    public PageStep OnStreamedPage(StreamedPage page) => After(page.Response, page.ParseError, page.EventCount > 0, _parts.EndStreamedPage(page));

    private PageStep After(PageResponse response, string? parseError, bool filled, PageStopReason stop)
    {
        if (parseError is not null) return _parts.Stop(_parts.Checkpoint(null, null, traversalComplete: false));
        // A number is a cursor too (its literal text, as for a dedupe id): taken for none, it ended every
        // cycle after the first page, and moved the watermark past the pages after it.
        var cursor = _cursorPath.ReadScalarText(response.Body.Span);
        if (string.IsNullOrEmpty(cursor)) return _parts.Stop(Checkpoint("", traversalComplete: true));
        // The cursor just sent handed back with events: asking again would only serve them again (written
        // up to max_pages times). The source is caught up, as after an empty page; the next cycle asks there.
        // (An empty page is left to stop_on_empty_page.)
        if (filled && cursor == _sentCursor) return _parts.Stop(Checkpoint(cursor, traversalComplete: true));
        if (stop != PageStopReason.None)
            return _parts.Stop(Checkpoint(cursor, traversalComplete: stop == PageStopReason.EmptyPage));
        return _parts.Continue(WithCursor(cursor), Checkpoint(cursor, traversalComplete: false));
    }

    private IReadOnlyDictionary<string, string> Checkpoint(string cursor, bool traversalComplete)
    {
        var checkpoint = new Dictionary<string, string>(_parts.Checkpoint(null, null, traversalComplete), StringComparer.Ordinal);
        // A position kept past a completed traversal is resumed by the next cycle, which no longer counts a `from` the new watermark replaced.
        _stored.Add(checkpoint, cursor, traversalComplete && !string.IsNullOrEmpty(cursor) ? _parts.QueryFingerprint(checkpoint) : _stored.Fingerprint);
        return checkpoint;
    }

    // A reset interrupts the traversal: the watermark stays, the running maximum is kept, and the
    // same cycle starts again from the first request, so `run --once` does not end with nothing.
    public PageStep? OnErrorStatus(PageResponse response)
    {
        if (!_reset.ShouldReset(response, _sentCursor is not null)) return null;
        _sentCursor = null;
        return PageStep.Continue(_parts.Request(_parts.FirstRequestUrl()), Checkpoint("", traversalComplete: false));
    }

    public IReadOnlyDictionary<string, string> Finish() => _parts.Finish();

    private PageRequest WithCursor(string cursor)
    {
        _sentCursor = cursor;
        var options = _parts.Options;
        var param = options.Pagination!.CursorParam!;
        if (options.Method != HttpMethod.Post) return _parts.Request(QueryString.Replace(options.Url!, new[] { new KeyValuePair<string, string>(param, cursor) }));
        var body = (options.Body is null ? null : JsonNode.Parse(options.Body)) as JsonObject ?? new JsonObject();
        body[param] = cursor;
        return _parts.Request(options.Url!, System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()));
    }
}
