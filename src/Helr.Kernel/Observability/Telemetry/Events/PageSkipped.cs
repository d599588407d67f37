using Serilog;

namespace Helr.Kernel.Observability.Telemetry.Events;

/// <summary>A page whose events could not be read was skipped (<c>on_parse_error: skip</c>); <paramref name="Url"/> is already redacted.</summary>
internal sealed record PageSkipped(string Source, string Url, string Hint, string Reason) : ITelemetryEvent
{
    public const string ParseError = "parse_error";

    public void Log(ILogger log) =>
        log.Warning("source {SourceId}: skipping a page from {Url} that could not be parsed{ContentType} (on_parse_error: skip): {Reason}",
            Source, Url, Hint, Reason);

    public void Record(HelrMetrics metrics) => metrics.PagesSkipped.WithLabels(Source, ParseError).Inc();
}
