using System.Threading.RateLimiting;
using Polly;

namespace Helr.Kernel.Resilience;

/// <summary>
/// The two Polly pipelines of one source. <see cref="Request"/> wraps one logical request with all
/// its attempts (circuit breaker outside, retry inside); <see cref="Attempt"/> wraps each single
/// HTTP exchange (token bucket, then the request bulkhead), inside which <see cref="AttemptTimeout"/> runs.
/// Credentials are applied between the two, outside every permit, so a token fetch made while
/// applying them goes through the same pipelines without waiting on a permit its caller holds.
/// </summary>
internal sealed class SourcePipelines(
    ResiliencePipeline<HttpResponseMessage> request,
    ResiliencePipeline<HttpResponseMessage> attempt,
    CircuitBreakerState? circuit,
    RateLimitGate gate,
    int maxAttempts,
    TimeSpan attemptTimeout,
    IReadOnlyList<RateLimiter> limiters) : IDisposable
{
    public ResiliencePipeline<HttpResponseMessage> Request => request;
    public ResiliencePipeline<HttpResponseMessage> Attempt => attempt;
    public RateLimitGate Gate => gate;
    public int MaxAttempts => maxAttempts;

    /// <summary>How long one attempt may take (<c>request_secs</c>), enforced by the HTTP layer's AttemptDeadline.</summary>
    public TimeSpan AttemptTimeout => attemptTimeout;

    /// <summary>The breaker's current state; always closed when the source disabled it.</summary>
    public CircuitStatus Circuit => circuit?.Snapshot() ?? CircuitStatus.Disabled;

    public void Dispose()
    {
        foreach (var limiter in limiters) limiter.Dispose();
    }
}
