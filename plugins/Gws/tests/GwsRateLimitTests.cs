using Helr.Plugins.Gws.Tests.Support;
using static Helr.Plugins.Gws.Tests.GwsOverlapTests;

namespace Helr.Plugins.Gws.Tests;

/// <summary>
/// Google's per-user and per-project rate limits answer 403 (reason <c>userRateLimitExceeded</c> or
/// <c>rateLimitExceeded</c>), not 429: waited out and retried; any other 403 is a refusal.
/// </summary>
public class GwsRateLimitTests
{
    [Theory]
    [InlineData("userRateLimitExceeded", "User Rate Limit Exceeded")]
    [InlineData("rateLimitExceeded", "Rate Limit Exceeded")]
    public async Task A_403_rate_limit_is_retried_and_the_window_is_collected(string reason, string message)
    {
        var reports = new FakeReports().Deliver(DateTimeOffset.UtcNow.AddHours(-2), "q1");
        await using var api = await FakeVendorServer.StartAsync();
        var calls = 0;
        api.OnGet(LoginPath, r => Interlocked.Increment(ref calls) == 1
            ? FakeResponse.Json($$$"""{"error":{"code":403,"message":"{{{message}}}","errors":[{"message":"{{{message}}}","domain":"usageLimits","reason":"{{{reason}}}"}]}}""", 403)
            : reports.Answer(r));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api, DateTimeOffset.UtcNow.AddHours(-5)), api, new TestEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "q1" }, cycle.Qualifiers());
        Assert.True(cycle.State.ContainsKey("window_end"));
    }

    [Fact]
    public async Task A_403_refusal_is_not_retried()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(LoginPath, _ => FakeResponse.Json(
            """{"error":{"code":403,"message":"Not Authorized to access this resource/api","errors":[{"message":"Not Authorized to access this resource/api","domain":"global","reason":"forbidden"}]}}""", 403));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api, DateTimeOffset.UtcNow.AddHours(-5)), api, new TestEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Contains("403", cycle.Error);
        Assert.Single(cycle.Requests);
        Assert.False(cycle.State.ContainsKey("window_end"));
    }

    [Fact]
    public async Task A_403_rate_limit_from_cloud_logging_is_retried()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var calls = 0;
        api.OnPost("/v2/entries:list", _ => Interlocked.Increment(ref calls) == 1
            ? FakeResponse.Json("""{"error":{"code":403,"message":"Rate Limit Exceeded","errors":[{"message":"Rate Limit Exceeded","domain":"usageLimits","reason":"rateLimitExceeded"}]}}""", 403)
            : FakeResponse.Json("{}"));
        var config = $"""
            api: cloud_logging
            resource_names: [projects/p1]
            url: {api.Url("/")}
            from: "{DateTimeOffset.UtcNow.AddHours(-1):yyyy-MM-dd'T'HH:mm:ss'Z'}"
            auth:
              type: bearer
              token_env: GWS_ACCESS_TOKEN
            resilience:
              retries:
                max_attempts: 2
                initial_backoff_secs: 0
            """;
        using var harness = SourceHarness.Create(new GwsSourceType(), config, api, new TestEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(2, cycle.Requests.Count);
        Assert.True(cycle.State.ContainsKey("window_end"));
    }
}
