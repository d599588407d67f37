using Helr.Kernel.Observability;
namespace Helr.Kernel.Resilience;

/// <summary>
/// A point-in-time view of one source's circuit breaker, for logs and the health surface.
/// </summary>
/// <param name="State">Current state.</param>
/// <param name="ConsecutiveFailures">Failed requests in a row while closed.</param>
/// <param name="HalfOpenSuccesses">Successful probes since the circuit went half-open.</param>
/// <param name="OpenUntil">When an open circuit lets the next probe through; null unless open.</param>
/// <param name="Enabled">False when the source turned the breaker off (the state then stays closed).</param>
internal sealed record CircuitStatus(CircuitState State, int ConsecutiveFailures, int HalfOpenSuccesses, DateTimeOffset? OpenUntil, bool Enabled = true)
{
    public static CircuitStatus Disabled { get; } = new(CircuitState.Closed, 0, 0, null, Enabled: false);

    /// <summary>The state as the health JSON spells it.</summary>
    public string StateName => State switch
    {
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half_open",
        _ => "closed",
    };
}
