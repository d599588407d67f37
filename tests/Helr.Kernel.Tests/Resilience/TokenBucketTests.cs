using System.Net;
using Helr.Kernel.Config;
using Helr.Kernel.Http;
using Helr.Kernel.Resilience;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Resilience;

/// <summary>
/// <c>rate_limit.burst_size</c>. The token bucket (System.Threading.RateLimiting) refills on its own
/// timer and checks the elapsed time with Stopwatch, so it cannot run on a fake clock; this test
/// needs no refill at all: at one token per 1000 s only the burst can let the requests through.
/// </summary>
public sealed class TokenBucketTests
{
    [Fact]
    public async Task The_burst_lets_that_many_requests_through_without_a_refill()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        var config = new ResilienceConfig { RateLimit = new RateLimitConfig { MaxRequestsPerSecond = 0.001, BurstSize = 5 } };
        using var client = new SourceHttpClient("s1", null, null, config, null, TimeProvider.System, Logger.None);

        for (var i = 0; i < 5; i++)
        {
            // Without the burst the second request would wait 1000 s; the guard only stops a hang.
            using var response = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, api.Url("/logs")), CancellationToken.None)
                .WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(5, api.Requests.Count);
    }

    // The limiter adds TokensPerPeriod each period but never holds more than TokenLimit: what it can
    // hand out per period is the smaller of the two. Computed from the options, as the refill runs on
    // the real clock (see above).
    [Theory]
    [InlineData(100, 1)]
    [InlineData(50, 2)]
    [InlineData(1000, 10)]
    [InlineData(100, null)]
    [InlineData(0.5, null)]
    [InlineData(3, 1)]
    public void Refills_at_max_requests_per_second_whatever_the_burst(double rps, int? burst)
    {
        var options = PipelineFactory.TokenBucketOptions(rps, burst);

        var rate = Math.Min(options.TokensPerPeriod, options.TokenLimit) / options.ReplenishmentPeriod.TotalSeconds;
        Assert.Equal(rps, rate, 6);
        Assert.True(options.ReplenishmentPeriod >= TimeSpan.FromMilliseconds(1), $"period {options.ReplenishmentPeriod}");
    }

    // A reload that restarts a source builds it a new bucket: full, it let a whole burst through at once
    // although the old one was spent. The acquire of a queued request completes only when a token comes.
    [Fact]
    public async Task A_source_restarted_by_a_reload_gets_only_the_tokens_its_bucket_had_left()
    {
        var config = new ResilienceConfig { RateLimit = new RateLimitConfig { MaxRequestsPerSecond = 0.001, BurstSize = 3 } };
        var telemetry = Helr.Kernel.Observability.Telemetry.Telemetry.Create(Logger.None, TimeProvider.System);
        using var before = PipelineFactory.Create("s1", config, null, TimeProvider.System, Logger.None, telemetry);
        for (var i = 0; i < 2; i++) Assert.True(Take(before, CancellationToken.None).IsCompleted);

        using var after = PipelineFactory.Create("s1", config, null, TimeProvider.System, Logger.None, telemetry);
        after.Inherit(before);

        Assert.True(Take(after, CancellationToken.None).IsCompleted, "the token the old bucket had left");
        using var cts = new CancellationTokenSource();
        var another = Take(after, cts.Token);
        Assert.False(another.IsCompleted, "a token the old bucket had spent was handed out again");
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await another);
    }

    private static ValueTask<HttpResponseMessage> Take(SourcePipelines pipelines, CancellationToken ct) =>
        pipelines.Attempt.ExecuteAsync(static _ => ValueTask.FromResult(new HttpResponseMessage()), ct);
}
