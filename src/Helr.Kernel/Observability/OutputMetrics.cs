using Prometheus;

namespace Helr.Kernel.Observability;

/// <summary>
/// The output pipeline's Prometheus series. Every drop goes through <see cref="Dropped"/> before the
/// page that held the line is acknowledged, so a checkpoint never covers a line that vanished uncounted.
/// </summary>
internal static class OutputMetrics
{
    public const string ReasonBackpressure = "backpressure";
    public const string ReasonMaxQueueAge = "max_queue_age";
    public const string ReasonMaxLineBytes = "max_line_bytes";

    private static readonly Counter DroppedTotal = Metrics.CreateCounter(
        "helr_events_dropped_total", "Events dropped by design (backpressure drop policy, max_queue_age, max_line_bytes skip).",
        new CounterConfiguration { LabelNames = new[] { "source", "reason" } });

    private static readonly Counter OutputErrors = Metrics.CreateCounter(
        "helr_output_errors_total", "Output write failures (e.g. broken pipe on stdout).",
        new CounterConfiguration { LabelNames = new[] { "source" } });

    private static readonly Gauge Pending = Metrics.CreateGauge(
        "helr_pending_events", "Lines waiting in the in-memory output queue.",
        new GaugeConfiguration { LabelNames = new[] { "source" } });

    public static void Dropped(string source, string reason, long count = 1)
    {
        if (count > 0) DroppedTotal.WithLabels(source, reason).Inc(count);
    }

    public static double DroppedCount(string source, string reason) => DroppedTotal.WithLabels(source, reason).Value;

    public static void OutputError(string source) => OutputErrors.WithLabels(source).Inc();

    public static double OutputErrorCount(string source) => OutputErrors.WithLabels(source).Value;

    public static Gauge.Child PendingFor(string source) => Pending.WithLabels(source);

    /// <summary>Every source with output errors, for the end-of-run summary.</summary>
    public static IEnumerable<(string Source, double Count)> AllOutputErrors()
    {
        foreach (var labels in OutputErrors.GetAllLabelValues())
        {
            var value = OutputErrors.WithLabels(labels).Value;
            if (value > 0) yield return (labels[0], value);
        }
    }

    /// <summary>Every (source, reason) pair with drops, for the end-of-run summary.</summary>
    public static IEnumerable<(string Source, string Reason, double Count)> AllDrops()
    {
        foreach (var labels in DroppedTotal.GetAllLabelValues())
        {
            var value = DroppedTotal.WithLabels(labels).Value;
            if (value > 0) yield return (labels[0], labels[1], value);
        }
    }
}
