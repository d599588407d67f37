using System.Net;
using Helr.Kernel.Config;
using Helr.Kernel.Http;
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
}
