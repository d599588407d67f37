using Serilog;

namespace Helr.Kernel.Observability.Telemetry.Events;

/// <summary>
/// A cycle of the source outlived its poll_tick_secs by the grace (<paramref name="Why"/> says so), or, with null, such a
/// cycle has ended, or (<paramref name="Replaced"/>) a reload gave up on it and the source's new runner is not stuck.
/// </summary>
internal sealed record SourceStuck(string Source, string? Why, bool Replaced = false) : ITelemetryEvent
{
    public void Log(ILogger log)
    {
        // The reload has logged that it went on without the cycle.
        if (Replaced) return;
        if (Why is null) log.Warning("{SourceId}: its stuck cycle has ended; the source is polled again", Source);
        else log.Error("{SourceId}: {Why:l}", Source, Why);
    }

    public void Record(HelrMetrics metrics) => metrics.Stuck.WithLabels(Source).Set(Why is null ? 0 : 1);
}
