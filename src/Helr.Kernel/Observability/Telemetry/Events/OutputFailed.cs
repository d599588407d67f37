using Serilog;

namespace Helr.Kernel.Observability.Telemetry.Events;

/// <summary>The output could no longer be written (the scheduler logs the fatal stop).</summary>
internal sealed record OutputFailed(string Source, string Error) : ITelemetryEvent
{
    public void Log(ILogger log)
    {
    }

    public void Record(HelrMetrics metrics)
    {
        metrics.OutputErrors.WithLabels(Source).Inc();
        metrics.Errors.WithLabels(Source, "output").Inc();
    }
}
