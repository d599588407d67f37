using System.Collections.Concurrent;
using Prometheus;

namespace Helr.Kernel.Observability.Telemetry;

/// <summary>
/// Every helr_* series, created on the registry a run injects (never prometheus-net's static default,
/// so two runs in one process, or two tests, never share counts). docs/metrics.md lists each one;
/// a test checks that list against a scrape.
/// </summary>
internal sealed class HelrMetrics
{
    private static readonly string[] Source = ["source"];
    private readonly ConcurrentDictionary<string, DateTimeOffset> _newest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PageSeries> _pages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _removed = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly Lock _lagLock = new();

    public HelrMetrics(CollectorRegistry registry, TimeProvider time)
    {
        Registry = registry;
        _time = time;
        var f = Prometheus.Metrics.WithCustomRegistry(registry);
        Requests = f.CreateCounter("helr_requests_total", "Page requests per source by final status class (2xx, 3xx, 4xx, 5xx, other; error = no response after retries).",
            new CounterConfiguration { LabelNames = ["source", "status"] });
        RequestDuration = f.CreateHistogram("helr_request_duration_seconds", "Duration of one page request including its retries and their waits.",
            new HistogramConfiguration { LabelNames = Source, Buckets = Histogram.ExponentialBuckets(0.05, 2, 10) });
        ResponseBytes = f.CreateCounter("helr_response_bytes_total", "Bytes of page response bodies read.", new CounterConfiguration { LabelNames = Source });
        EventsEmitted = f.CreateCounter("helr_events_emitted_total", "Events handed to the output (after dedupe).", new CounterConfiguration { LabelNames = Source });
        Errors = f.CreateCounter("helr_errors_total", "Errors by kind: request (no usable response), poll (a cycle failed), state (a checkpoint write failed), output.",
            new CounterConfiguration { LabelNames = ["source", "kind"] });
        PollDuration = f.CreateHistogram("helr_poll_duration_seconds", "Duration of one poll cycle (all its pages).",
            new HistogramConfiguration { LabelNames = Source, Buckets = Histogram.ExponentialBuckets(0.05, 2, 14) });
        CircuitState = f.CreateGauge("helr_circuit_breaker_state", "Circuit breaker state: 0 closed, 1 open, 2 half_open.", new GaugeConfiguration { LabelNames = Source });
        RateLimitWaits = f.CreateCounter("helr_rate_limit_waits_total", "Pauses before a request because the API's rate-limit window was used up.",
            new CounterConfiguration { LabelNames = Source });
        RateLimitWaitSeconds = f.CreateCounter("helr_rate_limit_wait_seconds_total", "Seconds spent in those pauses.", new CounterConfiguration { LabelNames = Source });
        Pending = f.CreateGauge("helr_pending_events", "Lines waiting in the in-memory output queue.", new GaugeConfiguration { LabelNames = Source });
        Dropped = f.CreateCounter("helr_events_dropped_total", "Events dropped by design (backpressure drop policy, max_queue_age, max_line_bytes skip).",
            new CounterConfiguration { LabelNames = ["source", "reason"] });
        OutputErrors = f.CreateCounter("helr_output_errors_total", "Output write failures (e.g. broken pipe on stdout).", new CounterConfiguration { LabelNames = Source });
        StateErrors = f.CreateCounter("helr_state_store_errors_total", "Checkpoint writes the state store refused.", new CounterConfiguration { LabelNames = Source });
        TokenRefreshes = f.CreateCounter("helr_token_refreshes_total", "Token requests sent by a source's authenticator (first fetch, expiry, renewal after a 401).",
            new CounterConfiguration { LabelNames = Source });
        Lag = f.CreateGauge("helr_source_lag_seconds", "Now minus the time of the newest event written for the source.", new GaugeConfiguration { LabelNames = Source });
        PagesSkipped = f.CreateCounter("helr_pages_skipped_total", "Pages skipped by on_parse_error: skip (their events could not be read).",
            new CounterConfiguration { LabelNames = ["source", "reason"] });
        Stalled = f.CreateGauge("helr_source_stalled_cycles", "Cycles in a row that stopped at the same unreadable page (3 or more: the source is unhealthy).",
            new GaugeConfiguration { LabelNames = Source });
        Stuck = f.CreateGauge("helr_source_stuck", "1 while a cycle of the source has not ended 30 s after its poll_tick_secs fired (its plugin's code does not return).",
            new GaugeConfiguration { LabelNames = Source });
        // Lag grows while nothing happens, so it is computed at each scrape, not when events arrive.
        registry.AddBeforeCollectCallback(UpdateLag);
    }

    public CollectorRegistry Registry { get; }
    public Counter Requests { get; }
    public Histogram RequestDuration { get; }
    public Counter ResponseBytes { get; }
    public Counter EventsEmitted { get; }
    public Counter Errors { get; }
    public Histogram PollDuration { get; }
    public Gauge CircuitState { get; }
    public Counter RateLimitWaits { get; }
    public Counter RateLimitWaitSeconds { get; }
    public Gauge Pending { get; }
    public Counter Dropped { get; }
    public Counter OutputErrors { get; }
    public Counter StateErrors { get; }
    public Counter TokenRefreshes { get; }
    public Gauge Lag { get; }
    public Counter PagesSkipped { get; }
    public Gauge Stalled { get; }
    public Gauge Stuck { get; }

    /// <summary>The series <paramref name="source"/> moves on every page, looked up once.</summary>
    public PageSeries Page(string source) => _pages.GetOrAdd(source, static (s, m) => new PageSeries(m, s), this);

    /// <summary>
    /// Makes every per-source series of <paramref name="source"/> appear (at 0) before its first fact. Called
    /// for each runner built, so also when a reload restarts the source: its new circuit breaker is closed,
    /// and no fact says so (only changes are reported), so its gauge is set here. The stall count is kept
    /// in the source's state and reported again at the end of its next cycle, so its gauge is left as it is.
    /// </summary>
    public void Touch(string source)
    {
        _removed.TryRemove(source, out _);
        CircuitState.WithLabels(source).Set(0);
        Stalled.WithLabels(source);
        Stuck.WithLabels(source).Set(0);
        foreach (var status in new[] { "2xx", "3xx", "4xx", "5xx", "other", "error" }) Requests.WithLabels(source, status);
        RequestDuration.WithLabels(source);
        ResponseBytes.WithLabels(source);
        EventsEmitted.WithLabels(source);
        foreach (var kind in new[] { "request", "poll", "state", "output" }) Errors.WithLabels(source, kind);
        PollDuration.WithLabels(source);
        RateLimitWaits.WithLabels(source);
        RateLimitWaitSeconds.WithLabels(source);
        Pending.WithLabels(source);
        OutputErrors.WithLabels(source);
        StateErrors.WithLabels(source);
        TokenRefreshes.WithLabels(source);
        PagesSkipped.WithLabels(source, "parse_error");
        foreach (var reason in new[] { "backpressure", "max_queue_age", "max_line_bytes" }) Dropped.WithLabels(source, reason);
    }

    /// <summary>
    /// Notes the time of the newest event written for <paramref name="source"/> (kept if older than the last).
    /// A time later than now counts as now: a vendor clock ahead, or a timestamp that is an expiry date,
    /// would otherwise hold the lag at 0 until that time, however long the source then stops delivering.
    /// </summary>
    public void Written(string source, DateTimeOffset newest)
    {
        var now = _time.GetUtcNow();
        if (newest > now) newest = now;
        _newest.AddOrUpdate(source, newest, (_, before) => newest > before ? newest : before);
    }

    /// <summary>
    /// Drops every series of <paramref name="source"/> (a reload removed it): a lag that would grow for ever,
    /// or a circuit left open, would keep alerting on a source nobody collects any more.
    /// </summary>
    public void Remove(string source)
    {
        lock (_lagLock)
        {
            _removed[source] = true;
            _newest.TryRemove(source, out _);
            _pages.TryRemove(source, out _);
            SeriesRemoval.Drop(Requests, source);
            SeriesRemoval.Drop(RequestDuration, source);
            SeriesRemoval.Drop(ResponseBytes, source);
            SeriesRemoval.Drop(EventsEmitted, source);
            SeriesRemoval.Drop(Errors, source);
            SeriesRemoval.Drop(PollDuration, source);
            SeriesRemoval.Drop(CircuitState, source);
            SeriesRemoval.Drop(RateLimitWaits, source);
            SeriesRemoval.Drop(RateLimitWaitSeconds, source);
            SeriesRemoval.Drop(Pending, source);
            SeriesRemoval.Drop(Dropped, source);
            SeriesRemoval.Drop(OutputErrors, source);
            SeriesRemoval.Drop(StateErrors, source);
            SeriesRemoval.Drop(TokenRefreshes, source);
            SeriesRemoval.Drop(Lag, source);
            SeriesRemoval.Drop(PagesSkipped, source);
            SeriesRemoval.Drop(Stalled, source);
            SeriesRemoval.Drop(Stuck, source);
        }
    }

    /// <summary>
    /// False for a source a reload removed, until a runner is built for it again (<see cref="Touch"/>): the late facts
    /// of a cycle the reload gave up on (its plugin returned after all) put its series back, a lag growing for ever.
    /// </summary>
    // ContainsKey alone: it reads without a lock, where IsEmpty takes every lock of the dictionary when it is
    // empty (the usual case), on each telemetry event of every source.
    public bool Collects(string source) => !_removed.ContainsKey(source);

    // Under the lock: a scrape that read the newest time of a source being removed would put its lag back.
    private void UpdateLag()
    {
        var now = _time.GetUtcNow();
        lock (_lagLock)
        {
            foreach (var (source, newest) in _newest) Lag.WithLabels(source).Set(Math.Max(0, (now - newest).TotalSeconds));
        }
    }
}
