using System.Net;
using Helr.Kernel.Config;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Resilience;
using Helr.Kernel.Tests.Support;
using Serilog.Core;

namespace Helr.Kernel.Tests.Resilience;

/// <summary>
/// A 429 with <c>Retry-After: 0</c> and a reset header in the future: the retry waited for the reset, but the
/// gate took the 0 as the whole wait, so the source's next poll went out at once and earned another 429.
/// </summary>
public sealed class RateLimitGateRetryAfterZeroTests
{
    [Fact]
    public void A_Retry_After_of_zero_gives_way_to_the_reset_header()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var telemetry = Telemetry.Create(Logger.None, time);
        var gate = new RateLimitGate("s1", new RateLimitHeaders(new RateLimitHeadersConfig()), adaptive: false, respectHeaders: true, time, telemetry);
        using var refused = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        refused.Headers.Add("Retry-After", "0");
        refused.Headers.Add("X-RateLimit-Reset", time.GetUtcNow().AddSeconds(30).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        gate.Observe(refused);

        time.Advance(TimeSpan.FromSeconds(29));
        var early = gate.WaitAsync(CancellationToken.None);
        Assert.False(early.IsCompleted, "the next request went out before the reset");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(early.IsCompleted, "the pause outlasted the reset");
    }
}
