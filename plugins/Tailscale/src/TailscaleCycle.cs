using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;
using Helr.PluginSdk.Time;

namespace Helr.Plugins.Tailscale;

/// <summary>
/// One poll: consecutive windows <c>[start, end)</c> from the stored end of the last window up to
/// now − <c>lag_secs</c>, none longer than <c>max_window_secs</c>. Each window is one request (the API
/// has no pagination) and its end is stored once its events are written, so windows neither overlap
/// nor leave a gap, across restarts too. Entries carry no id: each gets one derived from its content.
/// A window whose answer is over <c>max_response_bytes</c> is asked for again shorter (<see cref="TailscaleWindowLength"/>).
/// </summary>
internal sealed class TailscaleCycle : IPollCycle
{
    private readonly TailscaleOptions _options;
    private readonly CycleContext _context;
    private readonly TimeWindows _windows;
    private readonly PageLimits _limits;
    private readonly DottedPath _time;
    private readonly TailscaleWindowLength _length;
    private readonly StoredStream _endpoint;
    private TimeWindow _window;

    public TailscaleCycle(TailscaleOptions options, CycleContext context)
    {
        _options = options;
        _context = context;
        _time = DottedPath.Parse(options.TimeField);
        _limits = new PageLimits(options.MaxPages, stopOnEmptyPage: false);
        _endpoint = StoredEndpoint.Of(options.Endpoint, context.State);
        _length = new TailscaleWindowLength(options.MaxWindowSecs, _endpoint.State);
        _windows = new TimeWindows(new TimeWindowOptions
        {
            Lag = TimeSpan.FromSeconds(options.LagSecs),
            MaxLength = TimeSpan.FromSeconds(_length.Secs),
            From = options.From,
            Lookback = TimeSpan.FromSeconds(options.LookbackSecs),
        }, _endpoint.State, context.Time);
        if (_windows.First is { } first)
        {
            _window = first;
            First = Request(first);
        }
        // Not the old log's last window end: the new log's entries before it were never asked for.
        if (_endpoint.Changed)
            context.Log.Warn("the source's tailnet, log or url changed since the stored window_end was written: it belongs to the old log, so it is not used; "
                + "the new log starts as a first run does, at {Start} (from, else lookback_secs ago)", _windows.First is { } w ? Rfc3339.Format(w.Start) : "-");
    }

    public PageRequest? First { get; }

    public PageStep OnPage(PageResponse response, EventBatch events)
    {
        var stop = _limits.Count(response, events);
        var clipped = ClipToApiClock(response);
        var (outside, ids) = Sort(events);
        if (outside.Count > 0) _context.Log.Debug("dropped {Count} entries outside the window (each belongs to a neighbouring one)", outside.Count);
        var checkpoint = new Dictionary<string, string>();
        // A window that could not be read (on_parse_error: skip) is not stored: the end stored before it
        // stays until a later window is read, so a cycle ending on it asks for it again next time (and the
        // kernel reports the source stalled if it stays unreadable) instead of skipping the newest entries.
        if (events.ParseError is null)
        {
            _windows.AddCompleted(_window, checkpoint);
            _length.Fitted(Seconds(_window), checkpoint);
        }
        _endpoint.Add(checkpoint);
        // The next window starts exactly where this one ended.
        var next = stop == PageStopReason.None && !clipped ? Window(_window.End) : null;
        var step = next is { } window ? PageStep.Continue(Request(_window = window), checkpoint) : PageStep.Stop(checkpoint);
        return step with { Drop = outside, EventIds = ids };
    }

    public PageStep? OnErrorStatus(PageResponse response) => null;

    /// <summary>
    /// Asks again from the same start, half as long: nothing of the window was written, so nothing is
    /// skipped, and the rest of it follows in the next windows. The shorter length is stored at once.
    /// <paramref name="request"/> is <c>_window</c>'s: the kernel has one request of a cycle in flight.
    /// </summary>
    public PageStep? OnResponseTooLarge(PageRequest request, long maxResponseBytes)
    {
        var (secs, checkpoint) = (Seconds(_window), new Dictionary<string, string>());
        _endpoint.Add(checkpoint);
        if (!_length.Shrink(secs, checkpoint))
            throw new InvalidOperationException($"the answer for the {secs} s window from {Rfc3339.Format(_window.Start)} to {Rfc3339.Format(_window.End)} " +
                $"is over max_response_bytes ({maxResponseBytes} bytes), and no window can be shorter: raise max_response_bytes for this source");
        _context.Log.Info("the answer for the {Secs} s window from {Start} is over max_response_bytes ({Limit} bytes): windows are now {Length} s long",
            secs, Rfc3339.Format(_window.Start), maxResponseBytes, _length.Secs);
        return PageStep.Continue(Request(_window = Window(_window.Start)!.Value), checkpoint);
    }

    public IReadOnlyDictionary<string, string> Finish() => new Dictionary<string, string>();

    /// <summary>
    /// Only entries inside <c>[start, end)</c> are written: the API's bounds are inclusive, so an entry
    /// at exactly <c>end</c> would otherwise come in this window and again as the start of the next one.
    /// An entry whose time cannot be read cannot be placed, and is written rather than lost.
    /// </summary>
    private (List<int> Outside, string?[] Ids) Sort(EventBatch events)
    {
        var outside = new List<int>();
        var ids = new string?[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            if (Rfc3339.Parse(_time.ReadString(events[i])) is { } at && !_window.HalfOpenContains(at)) outside.Add(i);
            else ids[i] = DerivedEventId.FromContent(events[i]);
        }
        return (outside, ids);
    }

    /// <summary>
    /// This host's clock may run ahead of Tailscale's (a drifted VM): a window ending past the API's own
    /// now − lag_secs would be stored as complete before the API had logged its last part, and entries
    /// logged there later would never be asked for. The response's <c>Date</c> is the API's now: the
    /// window is cut to end there less the lag (entries after it are dropped, the next cycle asks again).
    /// </summary>
    private bool ClipToApiClock(PageResponse response)
    {
        var lag = TimeSpan.FromSeconds(_options.LagSecs);
        if (response.ServerTargetBefore(_window.End, lag) is not { } safe) return false;
        var ahead = _window.End - safe;
        if (ahead >= lag && ahead >= TimeSpan.FromSeconds(5))
            _context.Log.Warn("this host's clock is {Secs} s ahead of the API's (its Date header); windows end at the API's now − lag_secs", (long)ahead.TotalSeconds);
        _window = new TimeWindow(_window.Start, safe > _window.Start ? safe : _window.Start);
        return true;
    }

    // Up to now − lag_secs, as TimeWindows lays them out, but with the length of the moment.
    private TimeWindow? Window(DateTimeOffset start) =>
        start < _windows.Target ? new TimeWindow(start, start.AddSeconds(_length.Secs) < _windows.Target ? start.AddSeconds(_length.Secs) : _windows.Target) : null;

    private static long Seconds(TimeWindow window) => (long)(window.End - window.Start).TotalSeconds;

    private PageRequest Request(TimeWindow window) => PageRequest.Get(QueryString.Append(_options.Endpoint, new[]
    {
        new KeyValuePair<string, string>("start", Rfc3339.Format(window.Start)),
        new KeyValuePair<string, string>("end", Rfc3339.Format(window.End)),
    }));
}
