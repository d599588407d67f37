using Helr.Kernel.Config;
using Helr.PluginSdk.Config;

namespace Helr.Kernel.Tests.Config;

public sealed class ResilienceReaderTests
{
    // The kernel-owned readers alone: no plugin is needed to read resilience keys.
    private static (Loaded Config, ConfigErrors Problems) Load(string yaml)
    {
        var errors = new ConfigErrors();
        var root = YamlConfigReader.Read(yaml, HostEnvironment.Instance, errors)!;
        var global = GlobalReader.Read(root.Mapping("global"));
        var settings = SourceSettingsReader.Read("s1", root.Mapping("sources")!.Mapping("s1")!, HostEnvironment.Instance);
        return (new Loaded(global, settings), errors);
    }

    private sealed record Loaded(GlobalConfig Global, SourceSettings Settings);

    [Fact]
    public void A_source_without_resilience_gets_working_defaults()
    {
        var (config, problems) = Load("sources:\n  s1:\n    url: http://127.0.0.1:9/\n");
        Assert.False(problems.HasErrors, string.Join("\n", problems.All));
        var r = config.Settings.Resilience;
        Assert.Equal(3, r.Retries.MaxAttempts);
        Assert.True(r.CircuitBreaker.Enabled);
        Assert.True(r.RateLimit.RespectHeaders);
        Assert.Equal(TimeSpan.FromSeconds(30), r.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), r.ConnectTimeout);
        Assert.True(r.Retries.IsRetryable(429) && r.Retries.IsRetryable(599) && r.Retries.IsRetryable(408));
        Assert.False(r.Retries.IsRetryable(404));
        Assert.Equal(BulkheadConfig.DefaultMaxConnectionsPerHost, config.Global.Bulkhead.ConnectionsPerHost);
    }

    [Fact]
    public void A_minimum_requests_out_of_range_is_reported_once_and_not_as_missing()
    {
        var (_, problems) = Load("""
            sources:
              s1:
                url: http://127.0.0.1:9/
                resilience:
                  circuit_breaker: { failure_rate_threshold: 0.5, minimum_requests: 2000000 }
            """);

        // It also said "minimum_requests: required when failure_rate_threshold is set", for a key that is there.
        var error = Assert.Single(problems.Errors);
        Assert.Equal("sources.s1.resilience.circuit_breaker.minimum_requests: must be between 0 and 1000000, found 2000000", error.ToString());
    }

    [Fact]
    public void Reads_every_key()
    {
        var (config, problems) = Load("""
            global:
              bulkhead: { max_concurrent_sources: 3, max_concurrent_requests: 4, max_connections_per_host: 5 }
            sources:
              s1:
                url: http://127.0.0.1:9/
                resilience:
                  timeout_secs: 8
                  timeouts: { connect_secs: 2, read_secs: 3, idle_secs: 4, poll_tick_secs: 5 }
                  retries: { max_attempts: 6, initial_backoff_secs: 0.5, max_backoff_secs: 9, multiplier: 1.5, jitter: 0.2, retryable_status_codes: [503] }
                  circuit_breaker: { enabled: false, failure_threshold: 7, success_threshold: 3, half_open_timeout_secs: 30, reset_timeout_secs: 20, failure_rate_threshold: 0.25, minimum_requests: 8 }
                  rate_limit: { respect_headers: false, page_delay_secs: 1, max_requests_per_second: 2.5, burst_size: 4, adaptive: true, headers: { limit_header: L, remaining_header: R, reset_header: X } }
                  bulkhead: { max_concurrent_requests: 1 }
            """);
        Assert.False(problems.HasErrors, string.Join("\n", problems.All));
        Assert.Equal(new BulkheadConfig { MaxConcurrentSources = 3, MaxConcurrentRequests = 4, MaxConnectionsPerHost = 5 }, config.Global.Bulkhead);
        Assert.Equal(5, config.Global.Bulkhead.ConnectionsPerHost);
        var r = config.Settings.Resilience;
        Assert.Equal(TimeSpan.FromSeconds(8), r.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), r.ConnectTimeout);
        Assert.Equal(new TimeoutsConfig { ConnectSecs = 2, ReadSecs = 3, IdleSecs = 4, PollTickSecs = 5 }, r.Timeouts);
        Assert.Equal(6, r.Retries.MaxAttempts);
        Assert.Equal(1.5, r.Retries.Multiplier);
        Assert.Equal(new[] { 503 }, r.Retries.RetryableStatusCodes);
        Assert.False(r.Retries.IsRetryable(429));
        Assert.Equal(TimeSpan.FromSeconds(20), r.CircuitBreaker.OpenDuration);
        Assert.False(r.CircuitBreaker.Enabled);
        Assert.Equal(new RateLimitHeadersConfig { LimitHeader = "L", RemainingHeader = "R", ResetHeader = "X" }, r.RateLimit.Headers);
        Assert.Equal(2.5, r.RateLimit.MaxRequestsPerSecond);
        Assert.Equal(1, r.MaxConcurrentRequests);
    }
}
