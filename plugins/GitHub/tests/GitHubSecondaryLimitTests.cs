using Microsoft.Extensions.Time.Testing;
using Helr.Plugins.GitHub.Tests.Support;

namespace Helr.Plugins.GitHub.Tests;

/// <summary>
/// GitHub's secondary rate limits without <c>retry-after</c>: its docs ask for a wait of at least a minute,
/// growing while the limit persists, and warn that integrations that keep retrying may be banned.
/// </summary>
public sealed class GitHubSecondaryLimitTests
{
    [Fact]
    public async Task A_429_without_retry_after_is_retried_after_a_minute_then_two()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var api = new GitHubApi(await FakeVendorServer.StartAsync());
        await using var _ = api.Server;
        var sent = new List<DateTimeOffset>();
        api.Page("", _ =>
        {
            lock (sent)
            {
                sent.Add(time.GetUtcNow());
                return sent.Count <= 2
                    ? PluginTestFiles.Json("error-secondary-rate-limit.json", 429).WithHeader("x-ratelimit-remaining", "4000")
                    : PluginTestFiles.Json("audit-page2.json");
            }
        });
        // The request timeout runs on the fake clock too: a day, so stepping the clock never cuts off an exchange.
        using var harness = SourceHarness.Create(new GitHubSourceType(),
            GitHubApi.Yaml(api.Url, "resilience:\n  timeout_secs: 86400\n  retries:\n    max_attempts: 3"), api.Server, new FakeEnvironment());
        harness.Time = time;

        var run = harness.RunCycleAsync();
        for (var i = 0; i < 100_000 && !run.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }
        var cycle = await run;

        Assert.Null(cycle.Error);
        Assert.Equal(3, sent.Count);
        Assert.True(sent[1] - sent[0] >= TimeSpan.FromMinutes(1) && sent[2] - sent[1] >= TimeSpan.FromMinutes(2),
            $"retried after {sent[1] - sent[0]}, then {sent[2] - sent[1]}");
        Assert.Contains(cycle.Log, l => l.Contains("HTTP 429", StringComparison.Ordinal) && l.Contains("minimum wait", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_429_with_requests_left_is_retried_after_a_minute_not_at_the_primary_reset()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var api = new GitHubApi(await FakeVendorServer.StartAsync());
        await using var _ = api.Server;
        var sent = new List<DateTimeOffset>();
        api.Page("", _ =>
        {
            lock (sent)
            {
                sent.Add(time.GetUtcNow());
                // GitHub sends its primary limit's headers on every answer: 4,000 left, the window resetting in 50 minutes
                // (measured from the answer's Date, which the test server takes from the real clock).
                var reset = DateTimeOffset.UtcNow.AddMinutes(50).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                return sent.Count == 1
                    ? PluginTestFiles.Json("error-secondary-rate-limit.json", 429).WithHeader("x-ratelimit-remaining", "4000").WithHeader("x-ratelimit-reset", reset)
                    : PluginTestFiles.Json("audit-page2.json");
            }
        });
        using var harness = SourceHarness.Create(new GitHubSourceType(),
            GitHubApi.Yaml(api.Url, "resilience:\n  timeout_secs: 86400\n  retries:\n    max_attempts: 2"), api.Server, new FakeEnvironment());
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
        // The reset is the primary limit's, which has requests left: GitHub asks for a minute's wait, not the window's end.
        Assert.True(sent[1] - sent[0] >= TimeSpan.FromMinutes(1) && sent[1] - sent[0] < TimeSpan.FromMinutes(5), $"retried after {sent[1] - sent[0]}");
    }

    [Fact]
    public async Task A_secondary_limit_403_without_retry_after_is_retried_after_a_minute_not_failed()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var api = new GitHubApi(await FakeVendorServer.StartAsync());
        await using var _ = api.Server;
        var sent = new List<DateTimeOffset>();
        api.Page("", _ =>
        {
            lock (sent)
            {
                sent.Add(time.GetUtcNow());
                // Only the message says it: no retry-after, and the primary limit has requests left.
                return sent.Count == 1
                    ? PluginTestFiles.Json("error-secondary-rate-limit.json", 403).WithHeader("x-ratelimit-remaining", "4000")
                    : PluginTestFiles.Json("audit-page2.json");
            }
        });
        using var harness = SourceHarness.Create(new GitHubSourceType(),
            GitHubApi.Yaml(api.Url, "resilience:\n  timeout_secs: 86400\n  retries:\n    max_attempts: 2"), api.Server, new FakeEnvironment());
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
        Assert.True(sent[1] - sent[0] >= TimeSpan.FromMinutes(1), $"retried after {sent[1] - sent[0]}");
        Assert.NotEmpty(cycle.Lines);
    }
    // The retry waits the minute; once the attempts are spent, the next cycle must not go out within it either.
    [Fact]
    public async Task A_429_naming_no_wait_holds_the_next_cycle_for_a_minute_when_no_retry_is_left()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var api = new GitHubApi(await FakeVendorServer.StartAsync());
        await using var _ = api.Server;
        var sent = new List<DateTimeOffset>();
        api.Page("", _ =>
        {
            lock (sent)
            {
                sent.Add(time.GetUtcNow());
                return sent.Count == 1
                    ? PluginTestFiles.Json("error-secondary-rate-limit.json", 429).WithHeader("x-ratelimit-remaining", "4000")
                    : PluginTestFiles.Json("audit-page2.json");
            }
        });
        using var harness = SourceHarness.Create(new GitHubSourceType(),
            GitHubApi.Yaml(api.Url, "resilience:\n  timeout_secs: 86400\n  retries:\n    max_attempts: 1"), api.Server, new FakeEnvironment());
        harness.Time = time;

        var first = await harness.RunCycleAsync();
        var run = harness.RunCycleAsync();
        for (var i = 0; i < 100_000 && !run.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }
        var second = await run;

        Assert.NotNull(first.Error);
        Assert.Null(second.Error);
        Assert.Equal(2, sent.Count);
        Assert.True(sent[1] - sent[0] >= TimeSpan.FromMinutes(1), $"the next cycle asked again after {sent[1] - sent[0]}");
    }
}
