namespace Helr.Kernel.Config;

/// <summary><c>resilience.circuit_breaker</c>.</summary>
internal sealed record CircuitBreakerConfig
{
    public bool Enabled { get; init; } = true;

    /// <summary>Consecutive failed requests that open the circuit.</summary>
    public int FailureThreshold { get; init; } = 5;

    /// <summary>Successful requests in half-open that close it again.</summary>
    public int SuccessThreshold { get; init; } = 2;
    public double HalfOpenTimeoutSecs { get; init; } = 60;
    public double? ResetTimeoutSecs { get; init; }

    /// <summary>Opens when failures/requests since the circuit closed reach this (needs <see cref="MinimumRequests"/>).</summary>
    public double? FailureRateThreshold { get; init; }
    public int? MinimumRequests { get; init; }

    /// <summary>How long the circuit stays open before a probe: min(half_open_timeout_secs, reset_timeout_secs).</summary>
    public TimeSpan OpenDuration => TimeSpan.FromSeconds(Math.Min(HalfOpenTimeoutSecs, ResetTimeoutSecs ?? double.MaxValue));
}
