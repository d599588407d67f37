using Serilog;

namespace Helr.Kernel.Observability.Telemetry.Events;

/// <summary>Events dropped by design (<c>backpressure</c>, <c>max_queue_age</c>, <c>max_line_bytes</c>), counted before their page is acknowledged.</summary>
/// <remarks>Not logged one by one: the output logs load episodes and the end-of-run summary the totals.</remarks>
internal sealed record EventsDropped(string Source, string Reason, long Count = 1) : ITelemetryEvent
{
    public const string Backpressure = "backpressure";
    public const string MaxQueueAge = "max_queue_age";
    public const string MaxLineBytes = "max_line_bytes";

    public void Log(ILogger log)
    {
    }

    public void Record(HelrMetrics metrics)
    {
        if (Count > 0) metrics.Dropped.WithLabels(Source, Reason).Inc(Count);
    }
}
