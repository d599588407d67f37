using Serilog;

namespace Helr.Kernel.Observability.Telemetry.Events;

/// <summary>A page request got no usable response (connection error, timeout, circuit open) after its retries.</summary>
/// <remarks>Not logged here: the poll that fails because of it logs the error once.</remarks>
internal sealed record RequestFailed(string Source, TimeSpan Duration) : ITelemetryEvent
{
    public void Log(ILogger log)
    {
    }

    public void Record(HelrMetrics metrics)
    {
        metrics.Requests.WithLabels(Source, "error").Inc();
        metrics.RequestDuration.WithLabels(Source).Observe(Duration.TotalSeconds);
        metrics.Errors.WithLabels(Source, "request").Inc();
    }
}
