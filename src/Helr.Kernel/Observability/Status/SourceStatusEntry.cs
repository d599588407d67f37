namespace Helr.Kernel.Observability.Status;

/// <summary>One source's row of the <see cref="SourceStatusBoard"/>; every member is guarded by the instance lock.</summary>
internal sealed class SourceStatusEntry
{
    // Failed cycles in a row after which a source counts as unhealthy even with its circuit closed.
    public const int UnhealthyAfterFailures = 3;

    private readonly EventRate _rate = new();
    private DateTimeOffset? _lastPoll;
    private DateTimeOffset? _lastSuccess;
    private DateTimeOffset? _lastErrorAt;
    private string? _lastError;
    private DateTimeOffset? _newestEvent;
    private int _failuresInARow;
    private long _cycles;

    public void Record(CycleReport report, DateTimeOffset now)
    {
        lock (this)
        {
            _cycles++;
            _lastPoll = now;
            Add(report.Events, report.NewestEventTime, now);
            if (report.Ok)
            {
                _lastSuccess = now;
                _failuresInARow = 0;
                return;
            }
            _failuresInARow++;
            _lastError = report.Error;
            _lastErrorAt = now;
        }
    }

    /// <summary>
    /// Events a cycle wrote before a stop (a reload's) cut it short: written and counted in the metrics, so
    /// counted here, though the cycle is no outcome.
    /// </summary>
    public void Written(long events, DateTimeOffset? newestEventTime, DateTimeOffset now)
    {
        lock (this) Add(events, newestEventTime, now);
    }

    private void Add(long events, DateTimeOffset? newestEventTime, DateTimeOffset now)
    {
        _rate.Add(now, events);
        // A time after the cycle counts as its end, as for helr_source_lag_seconds (HelrMetrics.Written).
        if (newestEventTime is { } reported)
        {
            var newest = reported > now ? now : reported;
            if (_newestEvent is null || newest > _newestEvent) _newestEvent = newest;
        }
    }

    public SourceStatusSnapshot Snapshot(DateTimeOffset now)
    {
        lock (this)
        {
            return new SourceStatusSnapshot
            {
                Cycles = _cycles,
                LastPoll = _lastPoll,
                LastSuccess = _lastSuccess,
                LastError = _lastError,
                LastErrorAt = _lastErrorAt,
                FailuresInARow = _failuresInARow,
                NewestEventTime = _newestEvent,
                LagSeconds = _newestEvent is { } newest ? Math.Max(0, (now - newest).TotalSeconds) : null,
                EventsPerMinute = _rate.PerMinute(now),
            };
        }
    }
}
