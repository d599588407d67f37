using Serilog;

namespace Helr.Kernel.Observability.Telemetry.Events;

/// <summary>A source's circuit breaker moved to <paramref name="State"/>; <paramref name="Detail"/> says why (open) or after how many probes (closed).</summary>
internal sealed record CircuitStateChanged(string Source, CircuitState State, string Detail, TimeSpan OpenFor = default) : ITelemetryEvent
{
    public void Log(ILogger log)
    {
        switch (State)
        {
            case CircuitState.Open:
                log.Warning("{SourceId}: circuit breaker open: {Reason}; no requests for {Seconds:0.#} s", Source, Detail, OpenFor.TotalSeconds);
                break;
            case CircuitState.HalfOpen:
                log.Information("{SourceId}: circuit breaker half_open: letting a probe request through", Source);
                break;
            default:
                log.Information("{SourceId}: circuit breaker closed after {Count} successful probe(s)", Source, Detail);
                break;
        }
    }

    public void Record(HelrMetrics metrics) => metrics.CircuitState.WithLabels(Source).Set(State switch
    {
        CircuitState.Open => 1,
        CircuitState.HalfOpen => 2,
        _ => 0,
    });
}
