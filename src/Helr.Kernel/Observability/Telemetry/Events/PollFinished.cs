using Serilog;

namespace Helr.Kernel.Observability.Telemetry.Events;

/// <summary>A poll cycle ended (the scheduler logs its outcome line).</summary>
internal sealed record PollFinished(string Source, TimeSpan Duration, int Pages, long Events, bool Failed) : ITelemetryEvent
{
    public void Log(ILogger log)
    {
    }

    public void Record(HelrMetrics metrics)
    {
        metrics.PollDuration.WithLabels(Source).Observe(Duration.TotalSeconds);
        if (Failed) metrics.Errors.WithLabels(Source, "poll").Inc();
    }
}
