using Serilog;

namespace Helr.Kernel.Observability.Telemetry.Events;

/// <summary>A reload removed the source and its loop has stopped: its series leave the metrics page (the reload logs the change).</summary>
internal sealed record SourceRemoved(string Source) : ITelemetryEvent
{
    public void Log(ILogger log)
    {
    }

    public void Record(HelrMetrics metrics) => metrics.Remove(Source);
}
