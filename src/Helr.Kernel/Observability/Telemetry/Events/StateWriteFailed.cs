using Serilog;

namespace Helr.Kernel.Observability.Telemetry.Events;

/// <summary>The state store refused a checkpoint and <c>on_state_write_error: skip_checkpoint</c> (or degradation) let the poll go on.</summary>
internal sealed record StateWriteFailed(string Source, string Error) : ITelemetryEvent
{
    public void Log(ILogger log) =>
        log.Warning("state store write failed, skipping checkpoint (on_state_write_error: skip_checkpoint): {Error}", Error);

    public void Record(HelrMetrics metrics)
    {
        metrics.StateErrors.WithLabels(Source).Inc();
        metrics.Errors.WithLabels(Source, "state").Inc();
    }
}
