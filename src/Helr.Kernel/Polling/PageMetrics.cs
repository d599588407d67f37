using Prometheus;

namespace Helr.Kernel.Polling;

/// <summary>Prometheus series about the pages of a source that could not be used as they came.</summary>
internal static class PageMetrics
{
    public const string ReasonParseError = "parse_error";

    private static readonly Counter SkippedTotal = Metrics.CreateCounter(
        "helr_pages_skipped_total", "Pages skipped by on_parse_error: skip (their events could not be read).",
        new CounterConfiguration { LabelNames = new[] { "source", "reason" } });

    private static readonly Gauge StalledCycles = Metrics.CreateGauge(
        "helr_source_stalled_cycles", "Cycles in a row that stopped at the same unreadable page (3 or more: the source is unhealthy).",
        new GaugeConfiguration { LabelNames = new[] { "source" } });

    public static void Skipped(string source, string reason) => SkippedTotal.WithLabels(source, reason).Inc();

    public static double SkippedCount(string source, string reason) => SkippedTotal.WithLabels(source, reason).Value;

    public static void Stalled(string source, int cycles) => StalledCycles.WithLabels(source).Set(cycles);
}
