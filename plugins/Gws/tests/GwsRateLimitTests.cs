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
    // What Google's APIs answer when a limit, not a permission, refused the request: the classic errors[].reason
    // (Admin SDK, usageLimits domain) or google.rpc.Status (Cloud Logging): status and ErrorInfo reason.
    public static TheoryData<string> RateLimitBodies => new()
    {
        """{"error":{"code":403,"message":"Quota exceeded for quota metric 'Queries'","errors":[{"message":"Quota exceeded","domain":"usageLimits","reason":"quotaExceeded"}]}}""",
        """{"error":{"code":403,"message":"User Rate Limit Exceeded","errors":[{"message":"User Rate Limit Exceeded","domain":"usageLimits","reason":"userRateLimitExceeded"}]}}""",
        """{"error":{"code":403,"message":"Quota exceeded for quota metric 'Read requests' of service 'logging.googleapis.com'","status":"RESOURCE_EXHAUSTED"}}""",
        """{"error":{"code":403,"message":"Too many requests","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RATE_LIMIT_EXCEEDED","domain":"googleapis.com","metadata":{"service":"logging.googleapis.com"}}]}}""",
    };

    // Refusals no wait fixes; the last names a rate limit only in its text, which is no reason.
    public static TheoryData<string, string> RefusalBodies => new()
    {
        { """{"error":{"code":403,"message":"Request had insufficient authentication scopes.","errors":[{"message":"Insufficient Permission","domain":"global","reason":"insufficientPermissions"}]}}""", "insufficientPermissions" },
        { """{"error":{"code":403,"message":"The caller does not have permission","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"IAM_PERMISSION_DENIED","domain":"iam.googleapis.com"}]}}""", "IAM_PERMISSION_DENIED" },
        { """{"error":{"code":403,"message":"Not Authorized to access this resource/api (this is no rateLimitExceeded)","errors":[{"message":"Not Authorized","domain":"global","reason":"forbidden"}]}}""", "forbidden" },
    };

    [Theory]
    [MemberData(nameof(RateLimitBodies))]
    public async Task Every_Google_rate_limit_403_from_the_Reports_API_is_retried(string body)
    {
        var reports = new FakeReports().Deliver(DateTimeOffset.UtcNow.AddHours(-2), "q1");
        await using var api = await FakeVendorServer.StartAsync();
        var calls = 0;
        api.OnGet(LoginPath, r => Interlocked.Increment(ref calls) == 1 ? FakeResponse.Json(body, 403) : reports.Answer(r));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api, DateTimeOffset.UtcNow.AddHours(-5)), api, new TestEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "q1" }, cycle.Qualifiers());
        Assert.True(cycle.State.ContainsKey("window_end"));
    }

    [Theory]
    [MemberData(nameof(RateLimitBodies))]
    public async Task Every_Google_rate_limit_403_from_Cloud_Logging_is_retried(string body)
    {
        await using var api = await FakeVendorServer.StartAsync();
        var calls = 0;
        api.OnPost("/v2/entries:list", _ => Interlocked.Increment(ref calls) == 1 ? FakeResponse.Json(body, 403) : FakeResponse.Json("{}"));
        using var harness = SourceHarness.Create(new GwsSourceType(), CloudLoggingConfig(api), api, new TestEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(2, cycle.Requests.Count);
        Assert.True(cycle.State.ContainsKey("window_end"));
    }

    [Theory]
    [MemberData(nameof(RefusalBodies))]
    public async Task A_403_refusal_from_either_API_fails_at_once_saying_it_is_no_rate_limit(string body, string reason)
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(LoginPath, _ => FakeResponse.Json(body, 403));
        api.OnPost("/v2/entries:list", _ => FakeResponse.Json(body, 403));
        foreach (var config in new[] { Config(api, DateTimeOffset.UtcNow.AddHours(-5)), CloudLoggingConfig(api) })
        {
            using var harness = SourceHarness.Create(new GwsSourceType(), config, api, new TestEnvironment());

            var cycle = await harness.RunCycleAsync();

            Assert.Contains("403", cycle.Error);
            Assert.Single(cycle.Requests);
            Assert.False(cycle.State.ContainsKey("window_end"));
            Assert.Contains(cycle.Log, l => l.Contains("not a rate limit, so it is not retried", StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal));
        }
    }

    private static string CloudLoggingConfig(FakeVendorServer api) => $"""
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
}
