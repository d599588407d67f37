using Serilog;

namespace Helr.Kernel.Observability.Telemetry.Events;

/// <summary>A cycle of the source outlived its poll_tick_secs by the grace (<paramref name="Why"/> says so), or, with null, such a cycle has ended.</summary>
internal sealed record SourceStuck(string Source, string? Why) : ITelemetryEvent
{
    public void Log(ILogger log)
    {
        if (Why is null) log.Warning("{SourceId}: its stuck cycle has ended; the source is polled again", Source);
        else log.Error("{SourceId}: {Why:l}", Source, Why);
    }

    public void Record(HelrMetrics metrics) => metrics.Stuck.WithLabels(Source).Set(Why is null ? 0 : 1);
}
