using Serilog;

namespace Helr.Kernel.Observability.Telemetry.Events;

/// <summary>
/// A poll cycle ended (the scheduler logs its outcome line). <paramref name="Duration"/> is null for a cycle
/// that failed before it began (the source's lease could not be taken): a failed poll, but no poll duration.
/// </summary>
internal sealed record PollFinished(string Source, TimeSpan? Duration, int Pages, long Events, bool Failed) : ITelemetryEvent
{
    public void Log(ILogger log)
    {
    }

    public void Record(HelrMetrics metrics)
    {
        if (Duration is { } duration) metrics.PollDuration.WithLabels(Source).Observe(duration.TotalSeconds);
        if (Failed) metrics.Errors.WithLabels(Source, "poll").Inc();
    }
}
