namespace Helr.Kernel.Observability.Telemetry;

/// <summary>
/// Receives every telemetry event after it was logged and counted (progress line, health board,
/// tests). Called on the thread that reported the fact: keep it short and never throw.
/// </summary>
internal interface ITelemetryListener
{
    void On(ITelemetryEvent e);
}
