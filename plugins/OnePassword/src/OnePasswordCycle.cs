using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;
using Helr.PluginSdk.Time;

namespace Helr.Plugins.OnePassword;

/// <summary>
/// One poll of an Events API endpoint. The stored cursor continues where the last response ended;
/// without one, a reset cursor <c>{limit, start_time}</c> starts at the newest timestamp written so
/// far (after a rejected cursor), else at <c>from</c>, else one lookback ago. <c>has_more: false</c>
/// ends the cycle, and that response's cursor is stored for the next one.
/// </summary>
internal sealed class OnePasswordCycle : IPollCycle
{
    private static readonly DottedPath CursorPath = DottedPath.Parse("cursor");
    private static readonly DottedPath HasMorePath = DottedPath.Parse("has_more");
    private const string StartKey = "start_time";
    private readonly OnePasswordOptions _options;
    private readonly CycleContext _context;
    private readonly WatermarkTracker _watermark;
    private readonly PageLimits _limits;
    private readonly StoredStream _endpoint;
    private string _cursor;
    // The start_time of the reset cursor that began the current traversal (stored as start_time).
    private string? _start;
    // One reset per cycle: a cursor of the new traversal rejected too fails the cycle rather than resetting
    // again and again (each re-reading from the same start) while the source looks healthy.
    private bool _reset;

    public OnePasswordCycle(OnePasswordOptions options, CycleContext context)
    {
        _options = options;
        _context = context;
        _endpoint = StoredEndpoint.Of(options.Endpoint, context.State);
        var state = _endpoint.State;
        _watermark = new WatermarkTracker(new TrackedFieldOptions { StateKey = "watermark", EventPath = "timestamp", Param = "start_time" }, state);
        // has_more is what ends a traversal; an empty page with has_more true is still followed, up to max_pages.
        _limits = new PageLimits(options.MaxPages, stopOnEmptyPage: false);
        _cursor = state.Get("cursor") ?? "";
        _start = NullIfEmpty(state.Get(StartKey));
        First = _cursor.Length > 0 ? Post(CursorBody.Continue(_cursor)) : ResetRequest();
        // Not the old stream's newest timestamp: the new endpoint's events before it were never asked for.
        if (_endpoint.Changed)
            context.Log.Warn("the source's events, region or url changed since the stored cursor was made: it belongs to the old endpoint, so neither it nor "
                + "the old endpoint's newest timestamp is used; the new endpoint starts as a first run does, at {Start} (from, else lookback_secs ago)", _start);
    }

    public PageRequest? First { get; }

    public PageStep OnPage(PageResponse response, EventBatch events)
    {
        if (events.ParseError is not null) return PageStep.Stop(Unread());
        _watermark.Observe(events);
        var stop = _limits.Count(response, events);
        var next = CursorPath.ReadString(response.Body.Span);
        var hasMore = HasMorePath.ReadBoolean(response.Body.Span) == true;
        if (!string.IsNullOrEmpty(next)) _cursor = next;
        else if (hasMore) _context.Log.Warn("the response says has_more but carries no cursor; the cycle ends here");
        var checkpoint = new Dictionary<string, string> { ["cursor"] = _cursor };
        AddStart(checkpoint);
        if (!hasMore)
        {
            _watermark.AddCompleted(checkpoint);
            _endpoint.Add(checkpoint);
            return PageStep.Stop(checkpoint);
        }
        _watermark.AddInProgress(checkpoint);
        _endpoint.Add(checkpoint);
        if (string.IsNullOrEmpty(next) || stop != PageStopReason.None) return PageStep.Stop(checkpoint);
        return PageStep.Continue(Post(CursorBody.Continue(next)), checkpoint);
    }

    public PageStep? OnErrorStatus(PageResponse response)
    {
        var cursorSent = response.Request.JsonBody is { } body && body.Span.StartsWith("{\"cursor\""u8);
        // 1Password answers a cursor it no longer accepts with a 4xx whose text varies: any 400 to a
        // cursor request counts, besides the SDK's usual expiry answers (410, "expired", …).
        var rejected = _options.ResetOnCursorError && cursorSent &&
                       (response.StatusCode == 400 || CursorResetPolicy.IsCursorRejected(response));
        if (!rejected) return null;
        if (_reset)
        {
            _context.Log.Warn("the cursor of the traversal started by this cycle's reset was rejected too (HTTP {Status}); the cycle fails", response.StatusCode);
            return null;
        }
        _reset = true;
        _context.Log.Warn("the stored cursor was rejected (HTTP {Status}); starting again from a reset cursor at {Start}",
            response.StatusCode, StartTime());
        var checkpoint = new Dictionary<string, string> { ["cursor"] = "" };
        _watermark.AddInProgress(checkpoint);
        var reset = ResetRequest();
        AddStart(checkpoint);
        _endpoint.Add(checkpoint);
        return PageStep.Continue(reset, checkpoint);
    }

    public IReadOnlyDictionary<string, string> Finish() => new Dictionary<string, string>();

    // A page that could not be read (on_parse_error: skip) is not written, so its cursor, even when it can
    // be read from a cut-off body, would skip its events: the stored cursor stays the one that asked for it,
    // and the next cycle asks again (the kernel reports the source stalled if the page stays unreadable).
    private Dictionary<string, string> Unread()
    {
        var checkpoint = new Dictionary<string, string>();
        _watermark.AddInProgress(checkpoint);
        AddStart(checkpoint);
        _endpoint.Add(checkpoint);
        return checkpoint;
    }

    private PageRequest ResetRequest()
    {
        _start = StartTime();
        return Post(CursorBody.Reset(_options.Limit, _start));
    }

    // The newest timestamp written (inclusive: dedupe on uuid drops the repeat), else where the first
    // traversal started, else from, else the lookback. Without the stored start, a cursor rejected before
    // any traversal completed (e.g. after days of downtime) restarted at now − lookback: a gap.
    private string StartTime()
    {
        if (Rfc3339.Parse(_watermark.Stored) is { } at) return Rfc3339.Format(at);
        if (Rfc3339.Parse(_start) is { } start) return Rfc3339.Format(start);
        return Rfc3339.Format(_options.From ?? _context.Time.GetUtcNow().AddSeconds(-_options.LookbackSecs));
    }

    // Only needed until a watermark is stored, which then takes precedence.
    private void AddStart(IDictionary<string, string> checkpoint)
    {
        if (_watermark.Stored is null && _start is not null) checkpoint[StartKey] = _start;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private PageRequest Post(byte[] body) => new() { Method = HttpMethod.Post, Url = _options.Endpoint, JsonBody = body };
}
