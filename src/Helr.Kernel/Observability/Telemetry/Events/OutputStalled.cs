using Serilog;

namespace Helr.Kernel.Observability.Telemetry.Events;

/// <summary>
/// One write to the output (with its sync) has not returned for <paramref name="For"/>, or, with
/// <paramref name="Ended"/>, such a write has returned after that long.
/// </summary>
internal sealed record OutputStalled(string Output, TimeSpan For, bool Ended) : ITelemetryEvent
{
    public string Source => Telemetry.Process;

    public void Log(ILogger log)
    {
        var seconds = (long)For.TotalSeconds;
        if (Ended) log.Information("output to {Output:l} took the write it was blocked in after {Seconds} s; pages are checkpointed again", Output, seconds);
        else
            log.Warning("output to {Output:l} has been blocked in one write for {Seconds} s: its reader does not read (a stalled shipper?) or the disk does not answer; " +
                "no page is checkpointed until it returns, and sources wait once the queue is full", Output, seconds);
    }

    public void Record(HelrMetrics metrics)
    {
    }
}
