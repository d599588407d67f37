using Serilog;

namespace Helr.Kernel.Observability.Telemetry.Events;

/// <summary>A request was held back until the API's rate-limit window reset.</summary>
internal sealed record RateLimitWaited(string Source, TimeSpan Wait) : ITelemetryEvent
{
    public void Log(ILogger log) =>
        log.Information("{SourceId}: waiting {Seconds:0.#} s for the API's rate-limit window to reset", Source, Wait.TotalSeconds);

    public void Record(HelrMetrics metrics)
    {
        metrics.RateLimitWaits.WithLabels(Source).Inc();
        metrics.RateLimitWaitSeconds.WithLabels(Source).Inc(Wait.TotalSeconds);
    }
}
