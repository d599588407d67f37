using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;
using Helr.PluginSdk.Time;

namespace Helr.Plugins.Gws;

/// <summary>
/// One poll: the window <c>[end of the last window − lag, now − lag]</c>, paged with
/// <c>pageToken</c>. Google delivers activities late, so each window asks again for the last
/// <c>lag_secs</c> of the previous one; activities in that overlap that were written already are
/// recognised by the <see cref="OverlapMemory"/> and not written again. Results come newest first,
/// so the window's end (and the watermark, the newest <c>id.time</c> seen) are stored only once the
/// last page is written; a cycle cut short stores its window and next page token and resumes there.
/// </summary>
internal sealed class LagWindowCycle : IPollCycle
{
    public const string EndKey = "window_end";
    public const string PendingStartKey = "window_start_pending";
    public const string PendingEndKey = "window_end_pending";
    public const string PendingApiTargetKey = "window_api_target_pending";
    private const string MemoryKey = "overlap_ids";
    private static readonly DottedPath NextToken = DottedPath.Parse("nextPageToken");
    private readonly IWindowQuery _query;
    private readonly CycleContext _context;
    private readonly WatermarkTracker _watermark;
    private readonly PageLimits _limits;
    private readonly OverlapMemory _memory;
    private readonly WindowProgress _progress;
    private readonly StoredPageToken _token;
    private readonly StoredStream _stream;
    private readonly DateTimeOffset _start;
    private readonly DateTimeOffset _end;
    // Activities before this were asked for by the last window too; from KeepFrom on, the next window asks again.
    private readonly DateTimeOffset _previousEnd;
    private readonly TimeSpan _lag;
    // Google's own now − lag, from the answers' Date headers (the earliest of this window, over all the
    // cycles it is paged in), when before _end.
    private DateTimeOffset? _apiTarget;
    // An unfinished window whose rest is past the API's retention: stored as complete without asking.
    private readonly bool _completeUnasked;

    public LagWindowCycle(WindowSettings options, IWindowQuery query, CycleContext context)
    {
        _query = query;
        _context = context;
        _stream = StreamPosition.Of(query.Stream, context.State);
        var state = _stream.State;
        _watermark = new WatermarkTracker(new TrackedFieldOptions { StateKey = "watermark", EventPath = query.TimePath.Text, Param = "startTime" }, state);
        _limits = new PageLimits(options.MaxPages, stopOnEmptyPage: false);
        _memory = OverlapMemory.Parse(state.Get(MemoryKey));
        _progress = new WindowProgress(query.NewestFirst, state);
        var lag = _lag = TimeSpan.FromSeconds(options.LagSecs);
        _token = new StoredPageToken(state, query.Fingerprint);
        // Each window asks again for the last lag of the one before: Google delivers that late.
        var windows = new TimeWindows(new TimeWindowOptions
        {
            EndKey = EndKey, Lag = lag, Overlap = lag, From = options.From, Lookback = TimeSpan.FromSeconds(options.LookbackSecs),
            MaxLength = options.MaxWindow, MaxAge = options.MaxAge,
        }, state, context.Time);
        var earliest = windows.Earliest ?? DateTimeOffset.MinValue;
        // A window is unfinished while it has a page token, or since one was rejected (a restart not yet paged on).
        if ((!string.IsNullOrEmpty(_token.Stored) || _progress.Restart is not null) &&
            Rfc3339.Parse(state.Get(PendingStartKey)) is { } start && Rfc3339.Parse(state.Get(PendingEndKey)) is { } end)
        {
            (_start, _end) = (start < earliest ? earliest : start, end);
            _previousEnd = windows.LastEnd ?? start;
            // Its newest pages were asked for in an earlier cycle, by Google's clock of then.
            _apiTarget = Rfc3339.Parse(state.Get(PendingApiTargetKey));
            if (start < earliest) WarnPastRetention(start, earliest);
            if (_token.QueryChanged) RestartForEditedQuery();
            // What the window still lacks lies before the API's retention: nothing left to ask for.
            if (Unasked(end) <= earliest) _completeUnasked = true;
            else First = Request(_token.Resume);
            return;
        }
        if (windows.Skipped is { } skipped) WarnPastRetention(skipped, earliest);
        (_start, _end) = windows.First is { } window ? (window.Start, window.End) : (windows.Target, windows.Target);
        First = windows.First is null ? null : Request(null);
        _previousEnd = windows.LastEnd ?? _start;
        // Not the old stream's window end: the new stream's activities before it were never asked for.
        if (_stream.Changed)
            context.Log.Warn("the source's stream (application, user_key, customer_id, url; resource_names, filter) changed since the stored window_end was written: "
                + "it belongs to the old stream, so it is not used; the new one starts as a first run does, at {Start} (from, else lookback_secs ago)", Rfc3339.Format(_start));
    }

    // The newest time of an unfinished window not yet asked for: pages come newest first (Reports) or oldest first.
    private DateTimeOffset Unasked(DateTimeOffset end) =>
        !_query.NewestFirst ? end : _progress.Restart is { } restart ? restart : _progress.Edge is { } edge && edge < end ? edge : end;

    // As after a rejected token: what was written of the window is not asked for again.
    private void RestartForEditedQuery()
    {
        _progress.RestartAtEdge();
        var (start, end) = _progress.Bounds(_start, _end);
        _context.Log.Warn("the source's query (event_name, filters, max_results; page_size) changed since the stored page token was made: "
            + "it belongs to the old query, so the rest of the window {Start} to {End} is asked for with the new one, from {From} to {To} (the rest was written)",
            Rfc3339.Format(_start), Rfc3339.Format(_end), Rfc3339.Format(start), Rfc3339.Format(end));
    }

    private void WarnPastRetention(DateTimeOffset from, DateTimeOffset earliest) =>
        _context.Log.Warn("the API keeps 180 days and refuses to be asked for more: asking from {Earliest} instead of {From}; what lies between is no longer kept",
            Rfc3339.Format(earliest), Rfc3339.Format(from));

    public PageRequest? First { get; }

    public PageStep OnPage(PageResponse response, EventBatch events)
    {
        // A page that could not be read (on_parse_error: skip) is not written: a page token read from it
        // would skip its activities, and none read would store the window as complete. The stored token (or
        // window) stays the one that asked for it; the kernel reports the source stalled if it stays unreadable.
        if (events.ParseError is not null) return PageStep.Stop();
        _watermark.Observe(events);
        ObserveApiClock(response);
        var stop = _limits.Count(response, events);
        var repeats = Repeats(events);
        if (repeats.Count > 0) _context.Log.Debug("{Count} activities of the overlap were written before; not written again", repeats.Count);
        var next = NextToken.ReadString(response.Body.Span);
        var checkpoint = new Dictionary<string, string>();
        if (string.IsNullOrEmpty(next)) return PageStep.Stop(Completed()) with { Drop = repeats };
        _token.Add(checkpoint, next);
        AddInProgress(checkpoint);
        _watermark.AddInProgress(checkpoint);
        return (stop == PageStopReason.None ? PageStep.Continue(Request(next), checkpoint) : PageStep.Stop(checkpoint)) with { Drop = repeats };
    }

    public PageStep? OnErrorStatus(PageResponse response)
    {
        if (response.StatusCode == 403) ExplainForbidden(response.Body);
        // A page token Google no longer takes: the window starts again from its first page, and the
        // overlap memory keeps what was written of the overlap from being written twice.
        if (response.StatusCode != 400 || !_query.CarriesToken(response.Request)) return null;
        _progress.RestartAtEdge();
        var (start, end) = _progress.Bounds(_start, _end);
        _context.Log.Warn("the API rejected the page token (HTTP 400); the window {Start} to {End} starts again from its first page, asking for {From} to {To} (the rest was written)",
            Rfc3339.Format(_start), Rfc3339.Format(_end), Rfc3339.Format(start), Rfc3339.Format(end));
        var checkpoint = new Dictionary<string, string>();
        _token.Add(checkpoint, null);
        AddInProgress(checkpoint);
        return PageStep.Continue(Request(null), checkpoint);
    }

    // The kernel's error shows the body; this says whether waiting helps, which "Insufficient Permission" leaves to guess.
    private void ExplainForbidden(ReadOnlyMemory<byte> body)
    {
        var reason = GoogleRateLimits.Reason(body) ?? "none given";
        if (GoogleRateLimits.IsRateLimit(body))
            _context.Log.Warn("the API's rate limit (HTTP 403, reason {Reason}) outlasted the retries; the next cycle asks again", reason);
        else
            _context.Log.Warn("the API refused the request (HTTP 403, reason {Reason}): a permission, not a rate limit, so it is not retried; check the credentials' scope "
                + "(admin.reports.audit.readonly; logging.read), the service account's domain-wide delegation and subject, or the caller's IAM role", reason);
    }

    private void AddInProgress(Dictionary<string, string> checkpoint)
    {
        checkpoint[PendingStartKey] = Rfc3339.Format(_start);
        checkpoint[PendingEndKey] = Rfc3339.Format(_end);
        checkpoint[PendingApiTargetKey] = _apiTarget is { } api ? Rfc3339.Format(api) : "";
        // Mid-window: the older pages still to come may repeat the last window's overlap, which
        // includes its end (both windows' bounds are inclusive): an activity at exactly that instant too.
        // A restart after a rejected token asks again for the second of the progress edge.
        checkpoint[MemoryKey] = _memory.Serialize(at => at >= KeepFrom || at <= _previousEnd || _progress.AtEdge(at));
        _progress.AddInProgress(checkpoint);
        _stream.Add(checkpoint);
    }

    public IReadOnlyDictionary<string, string> Finish() => _completeUnasked ? Completed() : new Dictionary<string, string>();

    private Dictionary<string, string> Completed()
    {
        var checkpoint = new Dictionary<string, string>
        {
            [EndKey] = Rfc3339.Format(StoredEnd),
            [PendingApiTargetKey] = "",
            // Only the next window's overlap needs remembering now.
            [MemoryKey] = _memory.Serialize(at => at >= KeepFrom),
        };
        _token.Add(checkpoint, null);
        _watermark.AddCompleted(checkpoint);
        _progress.AddCompleted(checkpoint);
        _stream.Add(checkpoint);
        return checkpoint;
    }

    /// <summary>
    /// Every activity once: the indices of those whose key the memory holds (written by an earlier
    /// window or page, or earlier on this page). One that cannot be identified is written rather than lost.
    /// </summary>
    private List<int> Repeats(EventBatch events)
    {
        var repeats = new List<int>();
        for (var i = 0; i < events.Count; i++)
        {
            var time = _query.TimePath.ReadString(events[i]);
            if (time is null || Rfc3339.Parse(time) is not { } at) continue;
            _progress.Observe(at);
            if (_query.KeyPath.ReadScalarText(events[i]) is not { } qualifier) continue;
            if (!_memory.Add(time, _query.ScopePath?.ReadString(events[i]), qualifier, at)) repeats.Add(i);
        }
        return repeats;
    }

    /// <summary>
    /// Where the window counts as complete: its end, unless Google's own now − lag (its Date header) is
    /// earlier. With this host's clock ahead of Google's, a window ending past that would be stored before
    /// Google had delivered its last lag_secs, and activities delivered there later never asked for. Never
    /// before the last window's end, so a window does not move backwards.
    /// </summary>
    private DateTimeOffset StoredEnd => _apiTarget is { } api && api < _end ? (api > _previousEnd ? api : _previousEnd) : _end;

    // The next window asks again from here: the overlap memory holds what was written from here on.
    private DateTimeOffset KeepFrom => StoredEnd - _lag;

    private void ObserveApiClock(PageResponse response)
    {
        if (response.ServerTargetBefore(_end, _lag) is not { } target || (_apiTarget is { } seen && seen <= target)) return;
        if (_apiTarget is null && _end - target >= _lag)
            _context.Log.Warn("this host's clock is {Secs} s ahead of the API's (its Date header); windows are stored as ending at the API's now − lag_secs",
                (long)(_end - target).TotalSeconds);
        _apiTarget = target;
    }

    private PageRequest Request(string? pageToken)
    {
        var (start, end) = _progress.Bounds(_start, _end);
        return _query.Request(start, end, pageToken);
    }
}
