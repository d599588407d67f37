using Serilog;

namespace Helr.Kernel.Observability.Telemetry.Events;

/// <summary>A page's events were handed to the output; <paramref name="Newest"/> is the latest event time among them, when known.</summary>
internal sealed record EventsWritten(string Source, int Count, DateTimeOffset? Newest) : ITelemetryEvent
{
    public void Log(ILogger log)
    {
    }

    public void Record(HelrMetrics metrics)
    {
        if (Count > 0) metrics.Page(Source).EventsEmitted.Inc(Count);
        if (Newest is { } newest) metrics.Written(Source, newest);
    }
}
