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
    private IReadOnlyList<RateLimiter> Limiters => limiters;

    /// <summary>How long one attempt may take (<c>request_secs</c>), enforced by the HTTP layer's AttemptDeadline.</summary>
    public TimeSpan AttemptTimeout => attemptTimeout;

    /// <summary>The breaker's current state; always closed when the source disabled it.</summary>
    public CircuitStatus Circuit => circuit?.Snapshot() ?? CircuitStatus.Disabled;

    /// <summary>
    /// Takes over what the source's pipelines before a reload restarted it (its config edited, or
    /// <c>restart_sources_on_sighup</c>) still owe the API: the pause a 429 or an exhausted window asked
    /// for, and the tokens its bucket had left (a new bucket is full: a burst the old one had spent).
    /// </summary>
    public void Inherit(SourcePipelines previous)
    {
        gate.Inherit(previous.Gate);
        if (limiters.OfType<TokenBucketRateLimiter>().FirstOrDefault() is not { } bucket
            || previous.Limiters.OfType<TokenBucketRateLimiter>().FirstOrDefault() is not { } spent) return;
        // Not yet used: the new bucket holds its whole burst.
        var spend = bucket.GetStatistics()!.CurrentAvailablePermits - spent.GetStatistics()!.CurrentAvailablePermits;
        if (spend > 0) bucket.AttemptAcquire((int)spend).Dispose();
    }

    public void Dispose()
    {
        foreach (var limiter in limiters) limiter.Dispose();
    }
}
