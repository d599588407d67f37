namespace Helr.Kernel.Config;

/// <summary><c>resilience.retries</c>.</summary>
internal sealed record RetriesConfig
{
    public static readonly IReadOnlyList<int> DefaultRetryableStatusCodes =
        new[] { 408, 429 }.Concat(Enumerable.Range(500, 100)).ToArray();

    /// <summary>Attempts per request including the first; 0 and 1 both mean a single attempt.</summary>
    public int MaxAttempts { get; init; } = 3;
    public double InitialBackoffSecs { get; init; } = 1;
    public double? MaxBackoffSecs { get; init; }
    public double Multiplier { get; init; } = 2;

    /// <summary>Each delay is multiplied by 1 + U(−jitter, +jitter); null means no jitter.</summary>
    public double? Jitter { get; init; }

    /// <summary>Replaces the default set (408, 429, 500–599) entirely when set.</summary>
    public IReadOnlyList<int>? RetryableStatusCodes { get; init; }

    public bool IsRetryable(int status) =>
        RetryableStatusCodes?.Contains(status) ?? (status is 408 or 429 || status is >= 500 and <= 599);
}

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

/// <summary><c>resilience.rate_limit</c>.</summary>
internal sealed record RateLimitConfig
{
    public bool RespectHeaders { get; init; } = true;
    public double? PageDelaySecs { get; init; }
    public RateLimitHeadersConfig Headers { get; init; } = new();
    public double? MaxRequestsPerSecond { get; init; }
    public int? BurstSize { get; init; }
    public bool Adaptive { get; init; }
}

/// <summary>
/// <c>resilience.rate_limit.headers</c>. A null name means "the usual spellings": both
/// <c>X-RateLimit-*</c> (GitHub, most APIs) and <c>X-Rate-Limit-*</c> (Okta) are tried.
/// </summary>
internal sealed record RateLimitHeadersConfig
{
    public string? LimitHeader { get; init; }
    public string? RemainingHeader { get; init; }
    public string? ResetHeader { get; init; }
}

/// <summary><c>global.bulkhead</c>. 0 or unset means no limit.</summary>
internal sealed record BulkheadConfig
{
    public int? MaxConcurrentSources { get; init; }

    /// <summary>Per-source request limit for sources that do not set <c>resilience.bulkhead.max_concurrent_requests</c>.</summary>
    public int? MaxConcurrentRequests { get; init; }
}
