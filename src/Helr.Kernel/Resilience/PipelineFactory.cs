using System.Threading.RateLimiting;
using Helr.Kernel.Config;
using Polly;
using Serilog;

namespace Helr.Kernel.Resilience;

/// <summary>Builds a source's <see cref="SourcePipelines"/> from its <c>resilience</c> config.</summary>
internal static class PipelineFactory
{
    /// <param name="defaultMaxConcurrentRequests"><c>global.bulkhead.max_concurrent_requests</c>.</param>
    /// <param name="secrets">The source's credentials, cut out of the retry warnings.</param>
    public static SourcePipelines Create(string sourceId, ResilienceConfig config, int? defaultMaxConcurrentRequests, TimeProvider time, ILogger log, Observability.Telemetry.Telemetry telemetry,
        Text.SecretScrubber? secrets = null)
    {
        var headers = new RateLimitHeaders(config.RateLimit.Headers, config.RateLimit.RefusalMessage, otherLimitsShareHeaders: config.RateLimit.MinimumWait is not null,
            refusalClassifier: config.RateLimit.RefusalClassifier);
        var retry = new RetryPolicy(sourceId, config.Retries, config.RateLimit, headers, time, log, secrets);
        var gate = new RateLimitGate(sourceId, headers, config.RateLimit.Adaptive, config.RateLimit.RespectHeaders, time, telemetry, config.RateLimit.MinimumWait);
        var limiters = new List<RateLimiter>();

        var request = PollyValidation.Skip(new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time });
        CircuitBreakerState? circuit = null;
        if (config.CircuitBreaker.Enabled)
        {
            circuit = new CircuitBreakerState(sourceId, config.CircuitBreaker, time, telemetry);
            request.AddStrategy(_ => new CircuitBreakerStrategy(circuit), new CircuitBreakerStrategyOptions());
        }
        if (retry.MaxAttempts > 1) request.AddRetry(retry.ToOptions());

        var permits = config.MaxConcurrentRequests ?? defaultMaxConcurrentRequests;
        // The attempt's timeout is no Polly strategy: it pauses while a streamed page's events wait for
        // the output (Http.AttemptDeadline), which Polly's timeout cannot.
        var timeout = Clamp(config.RequestTimeout);
        if (config.RateLimit.MaxRequestsPerSecond is null && permits is not > 0)
            return new SourcePipelines(request.Build(), ResiliencePipeline<HttpResponseMessage>.Empty, circuit, gate, retry.MaxAttempts, timeout, limiters);

        var attempt = PollyValidation.Skip(new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time });
        if (config.RateLimit.MaxRequestsPerSecond is { } rps)
        {
            var bucket = TokenBucket(rps, config.RateLimit.BurstSize);
            limiters.Add(bucket);
            attempt.AddRateLimiter(bucket);
        }
        if (permits is > 0)
        {
            var bulkhead = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = permits.Value, QueueLimit = int.MaxValue });
            limiters.Add(bulkhead);
            attempt.AddRateLimiter(bulkhead);
        }
        return new SourcePipelines(request.Build(), attempt.Build(), circuit, gate, retry.MaxAttempts, timeout, limiters);
    }

    /// <summary>
    /// A token bucket refilled at exactly <paramref name="rps"/> per second (fractions allowed:
    /// 0.5 is one request every 2 s). Whole tokens are added at a period of at least 50 ms so the
    /// refill timer stays cheap at high rates, shorter when <c>burst_size</c> holds fewer tokens than
    /// such a period adds. Holds <c>burst_size</c> tokens (default ceil(rps)).
    /// </summary>
    internal static TokenBucketRateLimiter TokenBucket(double rps, int? burst) => new(TokenBucketOptions(rps, burst));

    internal static TokenBucketRateLimiterOptions TokenBucketOptions(double rps, int? burst)
    {
        var limit = burst ?? (int)Math.Max(1, Math.Ceiling(rps));
        // No more per period than the bucket holds: the excess was lost, so a burst_size below rps / 20
        // cut the rate (100 rps with burst 1 refilled at 20 rps). A period under 1 ms is not one: the
        // timer would fire once and never refill.
        var perPeriod = (int)Math.Max(Math.Ceiling(rps / 1000), Math.Min(limit, Math.Max(1, Math.Ceiling(rps / 20))));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(perPeriod / rps),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        };
    }

    // As Polly's timeout strategy accepted: between 10 ms and 24 h.
    private static TimeSpan Clamp(TimeSpan t) =>
        t < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : t > TimeSpan.FromHours(24) ? TimeSpan.FromHours(24) : t;

    private sealed class CircuitBreakerStrategyOptions : ResilienceStrategyOptions
    {
        public CircuitBreakerStrategyOptions() => Name = "helr-circuit-breaker";
    }
}
