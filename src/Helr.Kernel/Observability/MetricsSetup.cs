using Prometheus;

namespace Helr.Kernel.Observability;

/// <summary>Process-wide Prometheus settings, applied before the first series is created.</summary>
internal static class MetricsSetup
{
    /// <summary>
    /// Keeps prometheus-net from attaching its EventCounter and Meter listeners: they start the runtime's
    /// event sources (tens of milliseconds at start-up) and then see every HTTP request Helr makes. The
    /// process_* series stay.
    /// </summary>
    public static void Apply() =>
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressMeters = true });
}
