using System.Net;
using Helr.Kernel.Config;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;
using Helr.Kernel.Resilience;
using Helr.Kernel.Tests.Support;
using Serilog.Core;

namespace Helr.Kernel.Tests.Resilience;

/// <summary>
/// A <c>Retry-After</c> given as an HTTP-date names a moment on the API's clock, like a reset header.
/// Measured against this host's clock running ahead, the moment looked past: the 429 was retried at
/// once, into the window the server had just closed.
/// </summary>
public sealed class RetryAfterDateSkewTests
{
    private static readonly DateTimeOffset HostNow = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_429s_retry_after_date_is_waited_out_by_the_apis_clock_though_this_hosts_runs_two_minutes_ahead()
    {
        var apiNow = HostNow.AddMinutes(-2);
        var fake = new FakeTimeProvider(HostNow);
        var telemetry = Telemetry.Create(Logger.None, fake);
        using var recorded = new RecordedTelemetry(telemetry);
        var gate = new RateLimitGate("okta", new RateLimitHeaders(new RateLimitHeadersConfig()), adaptive: false, respectHeaders: true, fake, telemetry);
        using var refusal = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        refusal.Headers.Date = apiNow;
        refusal.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(apiNow.AddSeconds(20));
        gate.Observe(refusal);

        var wait = gate.WaitAsync(CancellationToken.None);

        Assert.False(wait.IsCompleted, "the 429 was retried at once, before the moment the server named");
        Assert.Equal(TimeSpan.FromSeconds(20), Assert.Single(recorded.Of<RateLimitWaited>()).Wait);
    }

    [Fact]
    public void Without_a_date_header_the_retry_after_date_is_read_against_this_hosts_clock() =>
        Assert.Equal(TimeSpan.FromSeconds(20), RetryAfterDelay.FromRetryAfter(WithRetryAfter(HostNow.AddSeconds(20)), HostNow));

    private static HttpResponseMessage WithRetryAfter(DateTimeOffset at)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(at);
        return response;
    }
}
