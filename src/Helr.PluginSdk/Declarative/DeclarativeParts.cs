using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Declarative;

/// <summary>
/// What every declarative strategy holds: the request builder, the tracked fields (watermark and
/// <c>incremental_from</c>) and the cycle's page limits. Strategies compose it; none inherits.
/// </summary>
internal sealed partial class DeclarativeParts
{
    public DeclarativeParts(DeclarativeOptions options, CycleContext context, UnresolvedFieldWarning? unresolved = null)
    {
        Options = options;
        Context = context;
        _unresolved = unresolved ?? new UnresolvedFieldWarning();
        Trackers = new[] { options.Watermark, options.IncrementalFrom }.OfType<TrackedFieldOptions>()
            .Select(t => new WatermarkTracker(t, context.State, context.EventIdPath)).ToArray();
        var p = options.Pagination;
        Limits = new PageLimits(p?.MaxPages ?? 1, options.MaxBytes, p?.StopOnEmptyPage ?? true);
        _elements = new JsonEventExtractor(options.EventsPath);
        _left = new LeftPositions(p?.Strategy, context);
    }

    private readonly LeftPositions _left;

    private readonly JsonEventExtractor _elements;
    private readonly UnresolvedFieldWarning _unresolved;

    // Events shown to the trackers this cycle: a completed traversal with some and no tracked value is a config mistake.
    private int _eventsSeen;

    public DeclarativeOptions Options { get; }

    public CycleContext Context { get; }

    public IReadOnlyList<WatermarkTracker> Trackers { get; }

    public PageLimits Limits { get; }

    public PaginationOptions Pagination => Options.Pagination!;

    /// <summary>The events of the page last observed that an earlier traversal already wrote (watermark boundary).</summary>
    public IReadOnlyList<int> Repeats { get; private set; } = Array.Empty<int>();

    /// <summary>
    /// The page last observed had events or elements: of the elements of its events array, those
    /// <c>response_event_object_path</c> drops (or a hook's <c>parseResponse</c> leaves out) still make
    /// a page the API filled, so it is neither empty to <c>stop_on_empty_page</c> nor the end of the data.
    /// </summary>
    public bool Filled { get; private set; }

    /// <summary>Counts the page against the limits and shows its events to the trackers.</summary>
    public PageStopReason Observe(PageResponse response, EventBatch events)
    {
        // Windows of a streamed attempt that broke off, the page then read whole: they never happened.
        RestoreMarks();
        Repeats = ObserveEvents(events);
        Filled = events.Count > 0 || (events.ParseError is null && HasElements(response.Body.Span));
        return Limits.Count(response.Body.Length, Filled ? Math.Max(1, events.Count) : 0, events.ParseError);
    }

    // Only an empty page pays for the second look. The whole body as one event (no events array) is
    // not an element, and a body the declarative paths cannot read (a hook's own format) has none.
    private bool HasElements(ReadOnlySpan<byte> body)
    {
        var elements = new List<Range>();
        try
        {
            _elements.Extract(body, elements);
        }
        catch (EventFormatException)
        {
            return false;
        }
        // An element sits in an array: a '[' comes before it, never before the whole body.
        return elements.Count > 1 || (elements.Count == 1 && body[..elements[0].Start.GetOffset(body.Length)].Contains((byte)'['));
    }

    // Shows events to the trackers; returns those an earlier traversal already wrote.
    private IReadOnlyList<int> ObserveEvents(EventBatch events)
    {
        var repeats = Array.Empty<int>() as IReadOnlyList<int>;
        _eventsSeen += events.Count;
        foreach (var tracker in Trackers)
        {
            tracker.Observe(events);
            var more = tracker.Repeats(events);
            if (more.Count > 0) repeats = repeats.Count == 0 ? more : repeats.Union(more).ToArray();
        }
        return repeats;
    }

    /// <summary>Ends the cycle, dropping the page's repeats.</summary>
    public PageStep Stop(IReadOnlyDictionary<string, string> checkpoint) => PageStep.Stop(checkpoint) with { Drop = Repeats };

    /// <summary>Fetches <paramref name="next"/>, dropping the page's repeats.</summary>
    public PageStep Continue(PageRequest next, IReadOnlyDictionary<string, string> checkpoint) =>
        PageStep.Continue(next, checkpoint) with { Drop = Repeats };

    /// <summary>
    /// The checkpoint of a page: the strategy's position plus, when the traversal is complete, the
    /// new tracked values; otherwise only their running maximum.
    /// </summary>
    public IReadOnlyDictionary<string, string> Checkpoint(string? key, string? position, bool traversalComplete)
    {
        var checkpoint = new Dictionary<string, string>(StringComparer.Ordinal);
        if (key is not null) checkpoint[key] = position ?? "";
        _left.Clear(checkpoint);
        foreach (var tracker in Trackers)
        {
            if (!traversalComplete)
            {
                tracker.AddInProgress(checkpoint);
                continue;
            }
            tracker.AddCompleted(checkpoint);
            var field = ReferenceEquals(tracker.Options, Options.Watermark) ? "state.watermark_field" : "incremental_from.event_timestamp_path";
            _unresolved.Check(tracker, field, _eventsSeen, Context);
        }
        return checkpoint;
    }

    /// <summary>
    /// The source URL with the range-start parameter (stored watermark, else stored incremental value,
    /// else <c>from</c>) and <c>query_params</c> appended, but for those named in <paramref name="sentByPaging"/>
    /// or like the range start: sent twice, an API taking the configured value would read from there
    /// every cycle or from past the watermark (the reader warns). The url's own parameter of the range
    /// start's name is left out too, for the same reason (it is the range start while none is sent).
    /// </summary>
    public Uri FirstRequestUrl(IReadOnlyCollection<string>? sentByPaging = null)
    {
        var start = Trackers.FirstOrDefault(t => t.Stored is not null) is { } tracked
            ? new KeyValuePair<string, string>(tracked.Options.Param, tracked.Stored!)
            : Options.From is null ? (KeyValuePair<string, string>?)null : new(Options.FromParam, Options.From);
        // The url's own parameter of the range start's name is left out, as such a query_params entry is.
        var url = start is { } s ? QueryString.Replace(Options.Url!, new[] { s }) : Options.Url!;
        return QueryString.Append(url, Options.QueryParams.Where(q => (sentByPaging is null || !sentByPaging.Contains(q.Key)) && q.Key != start?.Key));
    }

    /// <summary>What <see cref="QueryFingerprint"/> is made of, as the warning of a restarted traversal names it.</summary>
    public const string QuerySettings = "url, query_params or from";

    /// <summary>
    /// The fingerprint of what the first request is made of, which a stored next link repeats and a
    /// stored cursor stands for (<see cref="StoredCursor"/>). <c>from</c> counts only while it is the
    /// range start: with a stored watermark, editing it changes no request. With <paramref name="completing"/>,
    /// the checkpoint that completes a traversal and keeps its position: the fingerprint the next cycle
    /// computes, once a watermark it stores has made <c>from</c> no longer the range start.
    /// </summary>
    public string QueryFingerprint(IReadOnlyDictionary<string, string>? completing = null, KeyValuePair<string, string?>? paging = null)
    {
        var o = Options;
        var settings = o.QueryParams.Select(q => new KeyValuePair<string, string?>("query_params." + q.Key, q.Value)).ToList();
        if (paging is { } p) settings.Add(p);
        var fromSent = o.FromWritten && Trackers.All(t => t.Stored is null
            && !(completing is not null && completing.TryGetValue(t.Options.StateKey, out var moved) && moved.Length > 0));
        settings.Add(new("from", fromSent ? o.From : null));
        settings.Add(new("from_param", o.FromParam));
        settings.Add(new("state.watermark_param", o.Watermark?.Param));
        settings.Add(new("incremental_from.param_name", o.IncrementalFrom?.Param));
        return StoredCursor.FingerprintOf(o.Url!, settings);
    }

    /// <summary>A request to <paramref name="url"/> with the source's method, headers and <paramref name="body"/>.</summary>
    public PageRequest Request(Uri url, ReadOnlyMemory<byte>? body = null)
    {
        // Spelled out on purpose: `body ?? Options.Body` converts a null byte[] into an empty but
        // non-null body, which would send GETs a body and POSTs "" instead of the kernel's "{}".
        ReadOnlyMemory<byte>? json = null;
        if (Options.Method == HttpMethod.Post)
        {
            if (body is not null) json = body;
            else if (Options.Body is not null) json = Options.Body;
        }
        return new PageRequest { Method = Options.Method, Url = url, JsonBody = json, Headers = Options.Headers };
    }

    /// <summary>
    /// What the end of the cycle stores: every strategy checkpoints its position with its pages, so only
    /// the positions another strategy left are cleared here, for a hook cycle whose <c>getNextPage</c>
    /// pages without asking this one for checkpoints.
    /// </summary>
    public IReadOnlyDictionary<string, string> Finish()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        _left.Clear(values);
        return values;
    }
}
