using Serilog;

namespace Helr.Kernel.Observability.Telemetry;

/// <summary>
/// One operational fact (a page fetched, events dropped, a circuit opened, …). The event itself says
/// how it is logged and which series it moves, so a fact is reported the same way wherever it happens,
/// and tests and the health surface subscribe to facts instead of reading log text.
/// </summary>
internal interface ITelemetryEvent
{
    /// <summary>The source the fact is about, or <c>helr</c> for the process itself.</summary>
    string Source { get; }

    /// <summary>Writes the fact's log line (or none, for facts only metrics care about).</summary>
    void Log(ILogger log);

    /// <summary>Moves the fact's Prometheus series.</summary>
    void Record(HelrMetrics metrics);
}
