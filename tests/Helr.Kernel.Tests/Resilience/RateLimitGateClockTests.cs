using System.Net;
using Helr.Kernel.Config;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;
using Helr.Kernel.Resilience;
using Helr.Kernel.Tests.Support;
using Serilog.Core;

namespace Helr.Kernel.Tests.Resilience;

/// <summary>
/// The pause a 429's Retry-After (or an exhausted window) asks for was kept as a wall-clock moment: a
/// system clock stepped back meanwhile (NTP, a VM snapshot restored) held the source's requests back for
/// the pause plus the whole step. The pause now ends when due on the monotonic clock.
/// </summary>
public sealed class RateLimitGateClockTests
{
    [Fact]
    public void A_pause_ends_when_due_though_the_wall_clock_was_stepped_back()
    {
        var fake = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var clock = new SteppedClock(fake);
        var telemetry = Telemetry.Create(Logger.None, clock);
        using var recorded = new RecordedTelemetry(telemetry);
        var gate = new RateLimitGate("s1", new RateLimitHeaders(new RateLimitHeadersConfig()), adaptive: false, respectHeaders: true, clock, telemetry);
        using var refused = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        refused.Headers.Add("Retry-After", "10");
        gate.Observe(refused);

        clock.Offset = -TimeSpan.FromHours(1);
        fake.Advance(TimeSpan.FromSeconds(10));
        var wait = gate.WaitAsync(CancellationToken.None);

        Assert.True(wait.IsCompleted, $"the pause goes on: {string.Join(", ", recorded.Of<RateLimitWaited>())}");
        Assert.Empty(recorded.Of<RateLimitWaited>());
    }
}
