using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Tailscale;

/// <summary>
/// One poll: consecutive windows <c>[start, end)</c> from the stored end of the last window up to
/// now − <c>lag_secs</c>, none longer than <c>max_window_secs</c>. Each window is one request (the API
/// has no pagination) and its end is stored once its events are written, so windows neither overlap
/// nor leave a gap, across restarts too.
/// </summary>
internal sealed class TailscaleCycle : IPollCycle, IEventGate
{
    private const string EndKey = "window_end";
    private readonly TailscaleOptions _options;
    private readonly CycleContext _context;
    private readonly DateTimeOffset _target;
    private readonly PageLimits _limits;
    private readonly DottedPath _time;
    private DateTimeOffset _start;
    private DateTimeOffset _end;
    private int _outside;

    public TailscaleCycle(TailscaleOptions options, CycleContext context)
    {
        _options = options;
        _context = context;
        _time = DottedPath.Parse(options.TimeField);
        _limits = new PageLimits(options.MaxPages, stopOnEmptyPage: false);
        var now = Rfc3339.Truncate(context.Time.GetUtcNow());
        _target = now.AddSeconds(-options.LagSecs);
        _start = Rfc3339.Parse(context.State.Get(EndKey)) ?? Rfc3339.Truncate(options.From ?? now.AddSeconds(-options.LookbackSecs));
        _end = WindowEnd(_start);
        First = _start < _target ? Request() : null;
    }

    public PageRequest? First { get; }

    public PageStep OnPage(PageResponse response, EventBatch events)
    {
        var stop = _limits.Count(response, events);
        if (_outside > 0) _context.Log.Debug("dropped {Count} entries outside the window (each belongs to a neighbouring one)", _outside);
        var checkpoint = new Dictionary<string, string> { [EndKey] = Rfc3339.Format(_end) };
        // The next window starts exactly where this one ended.
        _start = _end;
        _end = WindowEnd(_start);
        _outside = 0;
        if (_start >= _target || stop != PageStopReason.None) return PageStep.Stop(checkpoint);
        return PageStep.Continue(Request(), checkpoint);
    }

    public PageStep? OnErrorStatus(PageResponse response) => null;

    public IReadOnlyDictionary<string, string> Finish() => new Dictionary<string, string>();

    /// <summary>
    /// Only entries inside <c>[start, end)</c>: the API's bounds are inclusive, so an entry at exactly
    /// <c>end</c> would otherwise come in this window and again as the start of the next one.
    /// </summary>
    public bool Admit(ReadOnlySpan<byte> evt)
    {
        var at = Rfc3339.Parse(_time.ReadString(evt));
        if (at is null) return true; // cannot be placed: written rather than lost
        if (at < _start || at >= _end)
        {
            _outside++;
            return false;
        }
        return true;
    }

    private DateTimeOffset WindowEnd(DateTimeOffset start)
    {
        var capped = start.AddSeconds(_options.MaxWindowSecs);
        return capped < _target ? capped : _target;
    }

    private PageRequest Request() => PageRequest.Get(QueryString.Append(_options.Endpoint, new[]
    {
        new KeyValuePair<string, string>("start", Rfc3339.Format(_start)),
        new KeyValuePair<string, string>("end", Rfc3339.Format(_end)),
    }));
}
