using System.Globalization;
using System.Security.Cryptography;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Declarative;

/// <summary>
/// <c>page_offset</c> (page=1,2,… with limit) and <c>offset</c> (offset=0,limit,2·limit,…). A page with
/// fewer than <c>limit</c> events is the last and completes the traversal. A cycle that stops at
/// <c>max_pages</c> or <c>max_bytes</c> with pages left stores the item offset it reached under
/// <c>offset</c>, and the next cycle continues there with the same range start, since the watermark
/// moves only when the traversal completes. The range start and <c>query_params</c> are sent on every
/// page, since each page URL is built from the source URL. An offset stored with other query settings
/// is not resumed (<see cref="StoredCursor"/>): it counts items of the old query's results, and the new
/// query started that far into its own would never read the ones before.
/// </summary>
internal sealed class PageNumberCycle : IStreamingPollCycle
{
    /// <summary>The state key holding the item offset a cut-short traversal continues from.</summary>
    public const string StateKey = "offset";

    private readonly DeclarativeParts _parts;
    private readonly JsonEventExtractor _elements;
    private readonly Uri _base;
    private readonly StoredCursor _stored;
    private readonly bool _resumed;
    private long _offset;
    // The offset of the first page of the pages that failed to parse since the last one read, if the
    // last failed: the stored position goes no further until a page after them is read.
    private long? _unreadFrom;
    // The hash of the page before, when it was full: the next one must differ.
    private byte[]? _previousFullPage;

    public PageNumberCycle(DeclarativeOptions options, CycleContext context, UnresolvedFieldWarning? unresolved = null)
    {
        _parts = new DeclarativeParts(options, context, unresolved);
        _elements = new JsonEventExtractor(options.EventsPath);
        var p = options.Pagination!;
        // A query_params entry of the same name would be sent beside them, and an API that takes the
        // first value would page by another size than the one that tells a short page (the reader warns).
        _base = _parts.FirstRequestUrl(new[] { IsPageNumbered ? p.PageParam! : p.OffsetParam!, p.LimitParam! });
        // The paging parameter counts too: an offset stored while the API ignored it (it served its first page at
        // every offset, the repeat RefuseRepeat names) is no position once it is fixed, and resumed it skipped
        // everything before it. An offset stored before it counted (its fingerprint without it) is still resumed.
        var (pagingKey, pagingParam) = IsPageNumbered ? ("pagination.page_param", p.PageParam) : ("pagination.offset_param", p.OffsetParam);
        _stored = new StoredCursor(context, StateKey, _parts.QueryFingerprint(paging: new(pagingKey, pagingParam)),
            "url, query_params, from or " + pagingKey, static text => ParseOffset(text) > 0, accepted: _parts.QueryFingerprint());
        _resumed = _stored.Resume is { } stored && (_offset = ParseOffset(stored)) > 0;
        if (!_resumed) _offset = 0;
        // A page size changed since the offset was stored rounds down to a page start: events repeat, none are skipped.
        if (IsPageNumbered) _offset -= _offset % p.Limit;
        First = RequestAt(_offset);
    }

    public PageRequest? First { get; }

    private bool IsPageNumbered => _parts.Pagination.Strategy == PaginationStrategy.PageOffset;

    public PageStep OnPage(PageResponse response, EventBatch events)
    {
        var size = PageSize(response, events);
        RefuseRepeat(size, events);
        return After(size, events.ParseError, _parts.Observe(response, events), IsEmpty(response.Body.Span));
    }

    // An API that does not page by page_param / offset_param (it reads another name) answers every page
    // with the first, full each time: every cycle wrote it max_pages times, and stored an offset that never
    // reaches the end, so the traversal never completed and the watermark never moved, all silently.
    // Audit events carry ids and times: the events of two different pages are never the same bytes. The
    // events are compared, not the bodies: most APIs answer with something of their own beside them (a
    // request id, the time the query took), and the first page served again went on being written. A page
    // whose elements are all left out (a hook's parseResponse dropping heartbeats) writes nothing twice.
    private void RefuseRepeat(int size, EventBatch events)
    {
        var previous = _previousFullPage;
        _previousFullPage = events.ParseError is null && size >= _parts.Pagination.Limit ? HashOf(events) : null;
        if (events.Count == 0 || previous is null || _previousFullPage is null || !previous.AsSpan().SequenceEqual(_previousFullPage)) return;
        var p = _parts.Pagination;
        var (key, param, at) = IsPageNumbered
            ? ("page_param", p.PageParam!, $"page {_offset / p.Limit + 1}")
            : ("offset_param", p.OffsetParam!, $"offset {_offset}");
        throw new InvalidOperationException(
            $"the API answered {at} with the same events as the page before it, byte for byte: it does not page by {param} "
            + $"(pagination.{key}), so every page would write the first one's events again; set pagination.{key} to the parameter the API pages by");
    }

    private static byte[] HashOf(EventBatch events)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        for (var i = 0; i < events.Count; i++)
        {
            // Each event's length before it: events split differently must not hash alike.
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, events[i].Length);
            hash.AppendData(length);
            hash.AppendData(events[i]);
        }
        return hash.GetHashAndReset();
    }

    public WindowStep OnEventWindow(EventWindow window) => _parts.ObserveWindow(window);

    public PageStep OnStreamedPage(StreamedPage page) => After(page.EventCount, page.ParseError, _parts.EndStreamedPage(page), emptyBody: false);

    private PageStep After(int events, string? parseError, PageStopReason stop, bool emptyBody)
    {
        var limit = _parts.Pagination.Limit;
        var full = parseError is not null || events >= limit;
        var pageOffset = _offset;
        _unreadFrom = parseError is null ? null : _unreadFrom ?? _offset;
        _offset += limit;
        // An offset left for an edited query is cleared too: kept, every cycle would restart again.
        if (!full) return _parts.Stop(Checkpoint(_resumed || _stored.Restarted || _parts.Limits.Pages > 1 ? "" : null, traversalComplete: true));
        // A page that failed may be past the end of the data (an API answering there with an empty
        // body): stored past it, a cut-short cycle would move the offset max_pages pages beyond the data,
        // every cycle, and never read what arrives there.
        var position = (_unreadFrom ?? _offset).ToString(CultureInfo.InvariantCulture);
        // An empty body behind full pages is that end: the source is caught up, so the cycle neither asks
        // for max_pages more empty pages nor reports a stall; the next one asks there again, and reads
        // what has arrived. Another unreadable page may have data behind it: the cycle goes on to look.
        if (parseError is not null && emptyBody && pageOffset > 0)
            return _parts.Stop(Checkpoint(position, traversalComplete: false)) with { EndOfData = true };
        // A full page whose events were all left out reads as empty to the limits, which then name no
        // other reason: max_pages and max_bytes still end the cycle there.
        var limits = _parts.Limits;
        var capped = stop is PageStopReason.MaxPages or PageStopReason.MaxBytes || (stop == PageStopReason.EmptyPage
            && (limits.Pages >= limits.MaxPages || (limits.MaxBytes is { } max && limits.Bytes > max)));
        if (capped)
            return _parts.Stop(Checkpoint(position, traversalComplete: false));
        return _parts.Continue(RequestAt(_offset), Checkpoint(position, traversalComplete: false));
    }

    // position null: nothing to store (a traversal complete on its first page, none stored before it).
    private IReadOnlyDictionary<string, string> Checkpoint(string? position, bool traversalComplete)
    {
        var checkpoint = new Dictionary<string, string>(_parts.Checkpoint(null, null, traversalComplete), StringComparer.Ordinal);
        if (position is not null) _stored.Add(checkpoint, position);
        return checkpoint;
    }

    private static long ParseOffset(string text) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset : 0;

    // Fewer events than limit may still be a full page of the API's: response_event_object_path drops
    // the elements without it, and a hook's parseResponse may leave events out. Ending the traversal
    // there would skip every page after it, in every cycle. So a short page counts its elements before
    // either (only a short page pays for the second look; a body that is not such a list keeps its count).
    private int PageSize(PageResponse response, EventBatch events)
    {
        if (events.Count >= _parts.Pagination.Limit || events.ParseError is not null) return events.Count;
        var elements = new List<Range>();
        try
        {
            _elements.Extract(response.Body.Span, elements);
        }
        catch (EventFormatException)
        {
            return events.Count;
        }
        return Math.Max(events.Count, elements.Count);
    }

    private static bool IsEmpty(ReadOnlySpan<byte> body) => body.TrimStart(" \t\r\n"u8).IsEmpty;

    public PageStep? OnErrorStatus(PageResponse response) => null;

    public IReadOnlyDictionary<string, string> Finish() => _parts.Finish();

    private PageRequest RequestAt(long offset)
    {
        var p = _parts.Pagination;
        var position = IsPageNumbered
            ? new KeyValuePair<string, string>(p.PageParam!, (offset / p.Limit + 1).ToString(CultureInfo.InvariantCulture))
            : new KeyValuePair<string, string>(p.OffsetParam!, offset.ToString(CultureInfo.InvariantCulture));
        var limit = new KeyValuePair<string, string>(p.LimitParam!, p.Limit.ToString(CultureInfo.InvariantCulture));
        // The url's own page, offset or limit parameter is left out: an API taking it would serve the
        // same page every time, or pages of another size than the one that tells the last page.
        return _parts.Request(QueryString.Replace(_base, new[] { position, limit }));
    }
}
