using Serilog;

namespace Helr.Kernel.Observability.Telemetry.Events;

/// <summary>A page request finished with a response (after its retries).</summary>
internal sealed record PageFetched(string Source, int Status, long Bytes, TimeSpan Duration) : ITelemetryEvent
{
    public string StatusClass => Status switch
    {
        >= 200 and < 300 => "2xx",
        >= 300 and < 400 => "3xx",
        >= 400 and < 500 => "4xx",
        >= 500 and < 600 => "5xx",
        _ => "other",
    };

    public void Log(ILogger log) =>
        log.Debug("{SourceId}: page fetched: HTTP {Status}, {Bytes} bytes in {Ms:0} ms", Source, Status, Bytes, Duration.TotalMilliseconds);

    public void Record(HelrMetrics metrics)
    {
        var series = metrics.Page(Source);
        if (StatusClass == "2xx") series.Requests2xx.Inc();
        else metrics.Requests.WithLabels(Source, StatusClass).Inc();
        series.RequestDuration.Observe(Duration.TotalSeconds);
        series.ResponseBytes.Inc(Bytes);
    }
}
