using Prometheus;
using Serilog;

namespace Helr.Kernel.Observability.Telemetry;

/// <summary>
/// Where every operational fact goes: it writes the fact's log line, moves its series on the injected
/// <see cref="CollectorRegistry"/>, adds it to Helr's own <see cref="RunCounters"/> (the end-of-run
/// summary) and hands it to the subscribed listeners.
/// </summary>
internal sealed class Telemetry
{
    /// <summary>The <see cref="ITelemetryEvent.Source"/> of facts about the process, not one source.</summary>
    public const string Process = "helr";

    private readonly ILogger _log;
    private ITelemetryListener[] _listeners = [];
    // One contextual logger per source: ForContext builds a new logger each call, and a page emits several facts.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ILogger> _sourceLogs = new(StringComparer.Ordinal);

    private readonly Lazy<HelrMetrics> _metrics;

    /// <param name="metrics">Called once, when something first asks for <see cref="Metrics"/>: a run that neither
    /// records nor serves its series never loads prometheus-net (docs/performance.md, "Start-up"). No
    /// prometheus-net type may appear in this signature: a delegate type over one loads the assembly.</param>
    public Telemetry(ILogger log, Func<HelrMetrics> metrics)
    {
        _log = log;
        _metrics = new Lazy<HelrMetrics>(metrics);
    }

    /// <summary>A hub with a registry of its own: for a component built outside a run (tests, the SDK harness, the start-up warm-up).</summary>
    public static Telemetry Create(ILogger log, TimeProvider? time = null, bool recording = true)
    {
        var clock = time ?? TimeProvider.System;
        return new(log, () => new HelrMetrics(Prometheus.Metrics.NewCustomRegistry(), clock)) { Recording = recording };
    }

    public HelrMetrics Metrics => _metrics.Value;

    public CollectorRegistry Registry => Metrics.Registry;

    public RunCounters Counters { get; } = new();

    /// <summary>
    /// Whether facts move the registry's series. A run turns it off when nothing can read them (no
    /// <c>global.metrics</c>, no <c>dump_on_sigusr1</c>): creating a source's series takes the
    /// collector's write lock, and 1,000 sources' first pages queued on it (docs/performance.md).
    /// </summary>
    public bool Recording { get; init; } = true;

    public void Emit(ITelemetryEvent e)
    {
        e.Log(e.Source == Process ? _log : _sourceLogs.GetOrAdd(e.Source, static (source, log) => log.ForContext("source_id", source), _log));
        if (Recording && Metrics.Collects(e.Source)) e.Record(Metrics);
        Counters.Add(e);
        foreach (var listener in Volatile.Read(ref _listeners)) listener.On(e);
    }

    /// <summary>Adds a listener until the returned handle is disposed.</summary>
    public IDisposable Subscribe(ITelemetryListener listener)
    {
        Update(l => [.. l, listener]);
        return new Subscription(() => Update(l => l.Where(x => !ReferenceEquals(x, listener)).ToArray()));
    }

    // Copy on write: Emit reads the array without a lock on every fact.
    private void Update(Func<ITelemetryListener[], ITelemetryListener[]> change)
    {
        ITelemetryListener[] before, after;
        do
        {
            before = Volatile.Read(ref _listeners);
            after = change(before);
        } while (Interlocked.CompareExchange(ref _listeners, after, before) != before);
    }

    private sealed class Subscription(Action remove) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) remove();
        }
    }
}
