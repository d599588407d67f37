using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Helr.Plugins.Generic.Tests.Support;

namespace Helr.Plugins.Generic.Tests;

/// <summary>
/// A 429 naming no Retry-After is waited out until the reset header, as upstream does, whatever the remaining
/// header says: only a vendor that knows its headers belong to another limit (GitHub) waits otherwise.
/// </summary>
public sealed class GenericRateLimitResetTests
{
    [Fact]
    public async Task A_429_with_requests_left_is_retried_at_the_reset_not_after_the_backoff()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var api = await FakeVendorServer.StartAsync();
        var sent = new List<DateTimeOffset>();
        api.OnGet("/logs", _ =>
        {
            lock (sent)
            {
                sent.Add(time.GetUtcNow());
                // The reset is measured from the answer's Date, which the test server takes from the real clock.
                var reset = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                return sent.Count == 1
                    ? FakeResponse.Json("""{"error":"too many requests"}""", 429).WithHeader("X-RateLimit-Remaining", "5").WithHeader("X-RateLimit-Reset", reset)
                    : FakeResponse.Json("""[{"id":"a"}]""");
            }
        });
        // The request timeout runs on the fake clock too: a day, so stepping the clock never cuts off an exchange.
        using var harness = SourceHarness.Create(new GenericSourceType(), $"""
            url: {api.Url("/logs")}
            resilience:
              timeout_secs: 86400
              retries:
                max_attempts: 2
            """, api, new FakeEnvironment());
        harness.Time = time;

        var run = harness.RunCycleAsync();
        for (var i = 0; i < 100_000 && !run.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }
        var cycle = await run;

        Assert.Null(cycle.Error);
        Assert.Equal(2, sent.Count);
        Assert.Contains(cycle.Log, l => l.Contains("HTTP 429", StringComparison.Ordinal) && l.Contains("rate-limit reset header", StringComparison.Ordinal));
        Assert.True(sent[1] - sent[0] >= TimeSpan.FromMinutes(9), $"retried after {sent[1] - sent[0]}, before the reset");
    }
}
