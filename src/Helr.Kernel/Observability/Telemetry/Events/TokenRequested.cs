using Serilog;

namespace Helr.Kernel.Observability.Telemetry.Events;

/// <summary>A source's authenticator sent a token request (first fetch, expiry, renewal after a 401).</summary>
internal sealed record TokenRequested(string Source) : ITelemetryEvent
{
    public void Log(ILogger log) => log.Debug("{SourceId}: requesting an access token", Source);

    public void Record(HelrMetrics metrics) => metrics.TokenRefreshes.WithLabels(Source).Inc();
}
