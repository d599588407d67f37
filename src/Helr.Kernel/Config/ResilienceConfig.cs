namespace Helr.Kernel.Config;

/// <summary>
/// <c>sources.&lt;id&gt;.resilience</c>. Every block has working defaults, so a source without a
/// <c>resilience</c> key still retries, honours Retry-After and has a circuit breaker (upstream
/// retries only when a <c>retries</c> block is present; see docs/resilience.md).
/// </summary>
internal sealed record ResilienceConfig
{
    public const double DefaultTimeoutSecs = 30;

    /// <summary>Fallback for <see cref="TimeoutsConfig.RequestSecs"/> and the connect timeout.</summary>
    public double TimeoutSecs { get; init; } = DefaultTimeoutSecs;
    public TimeoutsConfig Timeouts { get; init; } = new();
    public RetriesConfig Retries { get; init; } = new();
    public CircuitBreakerConfig CircuitBreaker { get; init; } = new();
    public RateLimitConfig RateLimit { get; init; } = new();
    public TlsConfig? Tls { get; init; }

    /// <summary><c>bulkhead.max_concurrent_requests</c>; null falls back to the global value, 0 means no limit.</summary>
    public int? MaxConcurrentRequests { get; init; }

    public static ResilienceConfig Default { get; } = new();

    /// <summary>Time allowed to open a TCP connection (with TLS): <c>connect_secs</c>, else min(10, timeout_secs).</summary>
    public TimeSpan ConnectTimeout => TimeSpan.FromSeconds(Timeouts.ConnectSecs ?? Math.Min(10, TimeoutSecs));

    /// <summary>Time allowed for one attempt, headers and body: <c>request_secs</c>, else <c>timeout_secs</c>.</summary>
    public TimeSpan RequestTimeout => TimeSpan.FromSeconds(Timeouts.RequestSecs ?? TimeoutSecs);
}
