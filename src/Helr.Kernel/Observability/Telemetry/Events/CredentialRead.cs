using Serilog;

namespace Helr.Kernel.Observability.Telemetry.Events;

/// <summary>
/// Audit: a source read a credential from the environment or a file (at validation and at each use).
/// <paramref name="Kind"/> is <c>env</c> or <c>file</c>, <paramref name="Name"/> the variable name or
/// path: which secret, never its value.
/// </summary>
internal sealed record CredentialRead(string Source, string Kind, string Name) : ITelemetryEvent
{
    public void Log(ILogger log) =>
        log.ForContext("audit", true).Information("audit: credential accessed: {SourceId} read {Kind} {Name}", Source, Kind, Name);

    public void Record(HelrMetrics metrics)
    {
    }
}
