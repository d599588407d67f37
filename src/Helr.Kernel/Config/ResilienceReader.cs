using System.Globalization;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Config;

/// <summary>Reads <c>sources.&lt;id&gt;.resilience</c>; every key is checked and errors name their path.</summary>
internal static class ResilienceReader
{
    public static ResilienceConfig Read(ConfigNode? node, IHelrEnvironment env)
    {
        if (node is null) return ResilienceConfig.Default;
        var timeouts = node.Mapping("timeouts");
        var bulkhead = node.Mapping("bulkhead");
        return new ResilienceConfig
        {
            TimeoutSecs = Timeout(node, "timeout_secs", "request") ?? ResilienceConfig.DefaultTimeoutSecs,
            Timeouts = timeouts is null ? new() : new TimeoutsConfig
            {
                ConnectSecs = Timeout(timeouts, "connect_secs", "request"),
                RequestSecs = Timeout(timeouts, "request_secs", "request"),
                ReadSecs = Timeout(timeouts, "read_secs", "request"),
                // 0 keeps no idle connection (none is reused), as upstream's pool_idle_timeout(0): a valid upstream config.
                IdleSecs = timeouts.Number("idle_secs", min: 0, max: 31_536_000),
                PollTickSecs = Timeout(timeouts, "poll_tick_secs", "poll"),
            },
            Retries = ReadRetries(node.Mapping("retries")),
            CircuitBreaker = ReadBreaker(node.Mapping("circuit_breaker")),
            RateLimit = ReadRateLimit(node.Mapping("rate_limit")),
            Tls = TlsReader.Read(node.Mapping("tls"), env),
            MaxConcurrentRequests = (int?)bulkhead?.Integer("max_concurrent_requests", min: 0, max: 10_000),
        };
    }

    private static RetriesConfig ReadRetries(ConfigNode? node)
    {
        if (node is null) return new();
        var codes = node.IntegerList("retryable_status_codes", min: 100, max: 599);
        return new RetriesConfig
        {
            MaxAttempts = (int)(node.Integer("max_attempts", min: 0, max: 100) ?? 3),
            InitialBackoffSecs = node.Number("initial_backoff_secs", min: 0, max: 86_400) ?? 1,
            MaxBackoffSecs = node.Number("max_backoff_secs", min: 0, max: 86_400),
            Multiplier = node.Number("multiplier", min: 1, max: 100) ?? 2,
            Jitter = Jitter(node),
            RetryableStatusCodes = codes?.Select(c => (int)c).ToArray(),
        };
    }

    // Upstream clamps the jitter to 0..1 rather than refusing it: its configs load with the value it uses.
    private static double? Jitter(ConfigNode node)
    {
        var value = node.Number("jitter");
        var clamped = Math.Clamp(value ?? 0, 0, 1);
        if (value is null || value == clamped) return value;
        var effect = clamped == 1 ? "each wait is anywhere from none to twice the backoff" : "no jitter";
        node.Errors.Warn(node.ChildPath("jitter"), $"{node.Child("jitter")!.ScalarValue} acts as {clamped}, as upstream: {effect}");
        return clamped;
    }

    private static CircuitBreakerConfig ReadBreaker(ConfigNode? node)
    {
        if (node is null) return new();
        var config = new CircuitBreakerConfig
        {
            Enabled = node.Boolean("enabled") ?? true,
            FailureThreshold = (int)(node.ZeroActsAsOne("failure_threshold", "the first failure opens the breaker", max: 1_000_000) ?? 5),
            SuccessThreshold = (int)(node.ZeroActsAsOne("success_threshold", "the first success of a probe closes the breaker", max: 1_000_000) ?? 2),
            HalfOpenTimeoutSecs = Positive(node, "half_open_timeout_secs", BreakerHolds) ?? 60,
            ResetTimeoutSecs = Positive(node, "reset_timeout_secs", BreakerHolds),
            FailureRateThreshold = node.Number("failure_rate_threshold", min: 0, max: 1),
            MinimumRequests = (int?)node.ZeroActsAsOne("minimum_requests", "the failure rate is judged from the first request", max: 1_000_000),
        };
        if (config.FailureRateThreshold is 0)
            node.Fail("failure_rate_threshold", "must be greater than 0: every rate is at least 0, so after minimum_requests the first failure "
                + "would open the breaker (upstream too); leave it out to judge by failure_threshold only");
        // Present but refused (out of range, not a number): that error alone, not also "required".
        if (config.FailureRateThreshold is not null && config.MinimumRequests is null && !node.Has("minimum_requests"))
            node.Fail("minimum_requests", "required when failure_rate_threshold is set (the rate is judged only after this many requests)");
        return config;
    }

    private static RateLimitConfig ReadRateLimit(ConfigNode? node)
    {
        if (node is null) return new();
        var headers = node.Mapping("headers");
        var config = new RateLimitConfig
        {
            RespectHeaders = node.Boolean("respect_headers") ?? true,
            PageDelaySecs = node.Number("page_delay_secs", min: 0, max: 86_400),
            Headers = headers is null ? new() : new RateLimitHeadersConfig
            {
                LimitHeader = HeaderName(headers, "limit_header"),
                RemainingHeader = HeaderName(headers, "remaining_header"),
                ResetHeader = HeaderName(headers, "reset_header"),
            },
            MaxRequestsPerSecond = RequestsPerSecond(node),
            BurstSize = (int?)node.ZeroActsAsOne("burst_size", "no burst, requests go out one at a time at the rate", max: 100_000),
            Adaptive = node.Boolean("adaptive") ?? false,
        };
        if (config.BurstSize is not null && config.MaxRequestsPerSecond is null)
            node.Errors.Warn(node.ChildPath("burst_size"), "has no effect without max_requests_per_second");
        return config;
    }

    /// <summary>The lowest rate the token bucket can keep: it refills one token every 1 / rate seconds, on a timer of at most 49.7 days.</summary>
    internal const double MinRequestsPerSecond = 0.000001;

    private static double? RequestsPerSecond(ConfigNode node)
    {
        // Upstream takes 0 as "no client-side cap" (it builds no limiter), and its configs must load unchanged.
        var rps = node.Number("max_requests_per_second", min: 0, max: 31_536_000);
        if (rps is not > 0) return null;
        if (rps >= MinRequestsPerSecond) return rps;
        // Validated, such a rate failed only when the source was started: "cannot be started … TimeSpan overflowed".
        node.Fail("max_requests_per_second", $"must be 0 (no cap) or at least {MinRequestsPerSecond.ToString("0.######", CultureInfo.InvariantCulture)} (one request every 11.6 days), found {rps.Value.ToString(CultureInfo.InvariantCulture)}");
        return null;
    }

    private static string? HeaderName(ConfigNode node, string key)
    {
        var name = node.String(key, required: false);
        if (name is null) return null;
        if (name.Length == 0 || name.Any(c => c <= ' ' || c >= 127 || c == ':'))
        {
            node.Fail(key, $"'{name}' is not a valid HTTP header name");
            return null;
        }
        return name;
    }

    private const string BreakerHolds = "an open breaker would let a probe through at once and never hold requests back; "
        + "to turn the breaker off write circuit_breaker.enabled: false";

    /// <summary>A timeout in seconds: 0 is not "no timeout" upstream but no time at all, so every request or poll fails.</summary>
    private static double? Timeout(ConfigNode node, string key, string what) =>
        Positive(node, key, $"0 is not 'no timeout': upstream gives each {what} no time at all, so every one fails; leave it out for the default");

    /// <summary>A number of seconds that must be greater than zero; <paramref name="whyNotZero"/> says what a 0 would do.</summary>
    internal static double? Positive(ConfigNode node, string key, string whyNotZero)
    {
        var value = node.Number(key, min: 0, max: 31_536_000);
        if (value is 0)
        {
            node.Fail(key, $"must be greater than 0: {whyNotZero}");
            return null;
        }
        return value;
    }
}
