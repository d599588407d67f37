using Serilog;

namespace Helr.Kernel.Observability.Telemetry.Events;

/// <summary>Audit: the config at <paramref name="Path"/> was loaded (or, with <paramref name="Reload"/>, reloaded) and is in force.</summary>
internal sealed record ConfigLoaded(string Path, int Sources, bool Reload = false) : ITelemetryEvent
{
    public string Source => Telemetry.Process;

    public void Log(ILogger log) =>
        log.ForContext("audit", true).Information(Reload ? "audit: config reloaded: {Path} ({Sources} sources)" : "audit: config loaded: {Path} ({Sources} sources)", Path, Sources);

    public void Record(HelrMetrics metrics)
    {
    }
}
