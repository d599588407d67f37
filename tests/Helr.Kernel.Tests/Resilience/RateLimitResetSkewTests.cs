using System.Globalization;
using System.Net;
using Helr.Kernel.Config;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;
using Helr.Kernel.Resilience;
using Helr.Kernel.Tests.Support;
using Serilog.Core;

namespace Helr.Kernel.Tests.Resilience;

/// <summary>
/// A reset header (Okta's X-Rate-Limit-Reset, GitHub's x-ratelimit-reset) is a moment on the API's
/// clock. Measured against this host's clock, one running ahead of the API's by more than the window
/// saw every reset as past: no pause, and the window's last requests ended in 429s.
/// </summary>
public sealed class RateLimitResetSkewTests
{
    [Fact]
    public void An_exhausted_window_is_waited_out_by_the_apis_clock_though_this_hosts_runs_two_minutes_ahead()
    {
        var hostNow = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var apiNow = hostNow.AddMinutes(-2);
        var fake = new FakeTimeProvider(hostNow);
        var telemetry = Telemetry.Create(Logger.None, fake);
        using var recorded = new RecordedTelemetry(telemetry);
        var gate = new RateLimitGate("okta", new RateLimitHeaders(new RateLimitHeadersConfig()), adaptive: true, respectHeaders: true, fake, telemetry);
        using var page = new HttpResponseMessage(HttpStatusCode.OK);
        page.Headers.Date = apiNow;
        page.Headers.Add("X-Rate-Limit-Remaining", "0");
        page.Headers.Add("X-Rate-Limit-Reset", apiNow.AddSeconds(30).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        gate.Observe(page);

        var wait = gate.WaitAsync(CancellationToken.None);

        Assert.False(wait.IsCompleted, "the next request went out at once, into the exhausted window");
        Assert.Equal(TimeSpan.FromSeconds(30), Assert.Single(recorded.Of<RateLimitWaited>()).Wait);
        fake.Advance(TimeSpan.FromSeconds(30));
        Assert.True(wait.IsCompleted);
    }
}
