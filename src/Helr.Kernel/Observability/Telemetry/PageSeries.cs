using Prometheus;

namespace Helr.Kernel.Observability.Telemetry;

/// <summary>
/// The per-page series of one source, looked up once: <c>WithLabels</c> hashes its label values on
/// every call, and a source records these on every page.
/// </summary>
internal sealed class PageSeries(HelrMetrics metrics, string source)
{
    public Counter.Child Requests2xx { get; } = metrics.Requests.WithLabels(source, "2xx");
    public Histogram.Child RequestDuration { get; } = metrics.RequestDuration.WithLabels(source);
    public Counter.Child ResponseBytes { get; } = metrics.ResponseBytes.WithLabels(source);
    public Counter.Child EventsEmitted { get; } = metrics.EventsEmitted.WithLabels(source);
}
