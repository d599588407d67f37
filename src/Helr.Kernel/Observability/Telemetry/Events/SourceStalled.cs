using Serilog;

namespace Helr.Kernel.Observability.Telemetry.Events;

/// <summary>Cycles in a row that stopped at the same unreadable page (0 once a cycle gets past it); <see cref="Polling.StalledPage"/> logs.</summary>
internal sealed record SourceStalled(string Source, int Cycles) : ITelemetryEvent
{
    public void Log(ILogger log)
    {
    }

    public void Record(HelrMetrics metrics) => metrics.Stalled.WithLabels(Source).Set(Cycles);
}
