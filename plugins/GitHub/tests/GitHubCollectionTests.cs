using Helr.Plugins.GitHub.Tests.Support;

namespace Helr.Plugins.GitHub.Tests;

/// <summary>The github source run in-process through the kernel (SourceHarness) against a fake GitHub.</summary>
public sealed class GitHubCollectionTests
{
    private static readonly string[] FirstRun = { "Vqvg6kZ4MYqwWRKFDzlMoQ", "xJJFlFOhQ6b-5vaAFy9Rjw", "LwW2vpJZCDS-WUmo9Z-ifw" };
    private const string Later = "Zk3q9m1bTJ2vC8d7QeX0aA";

    private static async Task<GitHubApi> StartAsync() => new(await FakeVendorServer.StartAsync());

    [Fact]
    public async Task First_run_sends_githubs_headers_and_follows_next_links_to_the_end()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "audit-page1.json", next: "c1").Page("c1", "audit-page2.json");
        using var harness = SourceHarness.Create(new GitHubSourceType(), GitHubApi.Yaml(api.Url, "include: all\nphrase: \"actor:octocat\""), api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(FirstRun, cycle.EventField("_document_id"));
        Assert.Equal(FirstRun[0], cycle.Envelopes[0].GetProperty("meta").GetProperty("id").GetString());
        Assert.Equal("2024-06-11T17:09:00.512Z", cycle.Envelopes[0].GetProperty("ts").GetString());
        Assert.Equal(2, cycle.Requests.Count);
        Assert.All(cycle.Requests, r =>
        {
            Assert.Equal("application/vnd.github+json", r.Header("Accept"));
            Assert.Equal("2022-11-28", r.Header("X-GitHub-Api-Version"));
            Assert.StartsWith("helr/", r.Header("User-Agent"));
            Assert.Equal("Bearer " + FakeEnvironment.Token, r.Header("Authorization"));
        });
        var first = cycle.Requests[0];
        Assert.Equal(("actor:octocat", "all", "asc", "100"), (first.Param("phrase"), first.Param("include"), first.Param("order"), first.Param("per_page")));
        Assert.Equal("c1", cycle.Requests[1].Param("after"));
        Assert.Equal("", cycle.State["next_url"]);
        Assert.Equal("1718125874512", cycle.State["watermark"]);
    }

    [Fact]
    public async Task Second_run_asks_for_events_created_since_the_newest_written()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "audit-page1.json", next: "c1").Page("c1", "audit-page2.json");
        using var harness = SourceHarness.Create(new GitHubSourceType(), GitHubApi.Yaml(api.Url, "phrase: \"actor:octocat\""), api.Server, new FakeEnvironment());
        await harness.RunCycleAsync();

        api.Page("", "audit-page3.json");
        var second = await harness.RunCycleAsync();

        Assert.Null(second.Error);
        Assert.Equal(new[] { Later }, second.EventField("_document_id"));
        // lag_secs (default 600) before the newest event written, for events GitHub indexes late.
        Assert.Equal("actor:octocat created:>=2024-06-11T17:01:14Z", second.Requests[0].Param("phrase"));
        Assert.Equal("1718126400123", second.State["watermark"]);
    }

    [Fact]
    public async Task An_empty_page_writes_nothing_and_ends_the_traversal()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "audit-empty.json", next: "c1");
        using var harness = SourceHarness.Create(new GitHubSourceType(), GitHubApi.Yaml(api.Url), api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Empty(cycle.Lines);
        Assert.Single(cycle.Requests);
        Assert.Equal("", cycle.State["next_url"]);
        Assert.False(cycle.State.ContainsKey("watermark"));
    }

    [Fact]
    public async Task A_secondary_rate_limit_403_with_retry_after_is_waited_out_not_failed()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        var calls = 0;
        api.Page("", _ => Interlocked.Increment(ref calls) == 1
            ? PluginTestFiles.Json("error-secondary-rate-limit.json", 403).WithHeader("Retry-After", "1")
            : PluginTestFiles.Json("audit-page2.json"));
        using var harness = SourceHarness.Create(new GitHubSourceType(), GitHubApi.Yaml(api.Url), api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { FirstRun[2] }, cycle.EventField("_document_id"));
        Assert.Equal(2, cycle.Requests.Count);
        Assert.Contains(cycle.Log, l => l.Contains("HTTP 403", StringComparison.Ordinal) && l.Contains("Retry-After", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_primary_rate_limit_403_with_remaining_0_waits_for_the_reset()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        var calls = 0;
        // The reset is taken when the 403 is sent: one taken at the test's start could be past by then on a loaded machine.
        static string Reset() => DateTimeOffset.UtcNow.AddSeconds(3).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        api.Page("", _ => Interlocked.Increment(ref calls) == 1
            ? FakeResponse.Json("""{"message":"API rate limit exceeded for user ID 1.","status":"403"}""", 403)
                .WithHeader("x-ratelimit-limit", "1750").WithHeader("x-ratelimit-remaining", "0").WithHeader("x-ratelimit-reset", Reset())
            : PluginTestFiles.Json("audit-page2.json"));
        using var harness = SourceHarness.Create(new GitHubSourceType(), GitHubApi.Yaml(api.Url), api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(2, cycle.Requests.Count);
        Assert.Contains(cycle.Log, l => l.Contains("HTTP 403", StringComparison.Ordinal) && l.Contains("rate-limit reset header", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_403_that_is_not_a_rate_limit_fails_at_once_with_githubs_message()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", _ => PluginTestFiles.Json("error-not-accessible.json", 403));
        using var harness = SourceHarness.Create(new GitHubSourceType(), GitHubApi.Yaml(api.Url), api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Contains("Resource not accessible by personal access token", cycle.Error);
        Assert.Single(cycle.Requests);
    }

    [Fact]
    public async Task Bad_credentials_fail_the_cycle_with_githubs_message_and_no_secret()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "audit-page1.json");
        var env = new FakeEnvironment();
        env.Variables["GITHUB_TOKEN"] = "ghp_revokedTokenValue";
        using var harness = SourceHarness.Create(new GitHubSourceType(), GitHubApi.Yaml(api.Url), api.Server, env);

        var cycle = await harness.RunCycleAsync();

        Assert.Contains("401", cycle.Error);
        Assert.Contains("Bad credentials", cycle.Error);
        Assert.DoesNotContain("ghp_revokedTokenValue", cycle.Error);
        Assert.DoesNotContain(cycle.Log, l => l.Contains("ghp_revokedTokenValue", StringComparison.Ordinal));
        Assert.Empty(cycle.Lines);
    }

    [Fact]
    public async Task A_restart_between_pages_continues_at_the_stored_next_link()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "audit-page1.json", next: "c1").Page("c1", "audit-page2.json");
        var yaml = GitHubApi.Yaml(api.Url, "pagination:\n  max_pages: 1");
        IReadOnlyDictionary<string, string> stored;
        using (var before = SourceHarness.Create(new GitHubSourceType(), yaml, api.Server, new FakeEnvironment()))
        {
            var cut = await before.RunCycleAsync();
            Assert.Equal(FirstRun[..2], cut.EventField("_document_id"));
            stored = cut.State;
        }
        Assert.Equal(api.Link("c1"), stored["next_url"]);
        Assert.False(stored.ContainsKey("watermark"));

        using var after = SourceHarness.Create(new GitHubSourceType(), yaml, api.Server, new FakeEnvironment());
        foreach (var (key, value) in stored) after.SetState(key, value);
        var resumed = await after.RunCycleAsync();

        Assert.Equal(new[] { FirstRun[2] }, resumed.EventField("_document_id"));
        Assert.Equal("c1", resumed.Requests[0].Param("after"));
        Assert.Equal("1718125874512", resumed.State["watermark"]);
    }

    // Set by hand as GitHub's created: syntax writes a time: before, the first request went out with no created:
    // at all (the whole log again), and epoch-ms maxima never compared above the text, so it stayed so.
    [Fact]
    public async Task A_watermark_that_is_no_epoch_ms_fails_the_cycle_saying_how_to_set_it_instead_of_asking_for_the_whole_log()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "audit-page1.json");
        using var harness = SourceHarness.Create(new GitHubSourceType(), GitHubApi.Yaml(api.Url), api.Server, new FakeEnvironment());
        harness.SetState("watermark", "2024-06-11T17:00:00Z");

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        Assert.Contains("the stored watermark '2024-06-11T17:00:00Z' is not epoch milliseconds", cycle.Error);
        Assert.Contains("watermark <epoch ms>", cycle.Error);
        Assert.Empty(cycle.Requests);
        Assert.Empty(cycle.Lines);
    }

    // Unix seconds, as Slack's date_create and most APIs keep times: read as ms it is a day in January 1970, and the
    // traversal asked for the whole log (180 days), rewriting every event older than the dedupe window.
    [Fact]
    public async Task A_watermark_in_seconds_fails_the_cycle_giving_the_milliseconds_instead_of_asking_for_the_whole_log()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "audit-page1.json");
        using var harness = SourceHarness.Create(new GitHubSourceType(), GitHubApi.Yaml(api.Url), api.Server, new FakeEnvironment());
        harness.SetState("watermark", "1718125740");

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        Assert.Contains("the stored watermark '1718125740' is Unix seconds, not epoch milliseconds", cycle.Error);
        Assert.Contains("watermark 1718125740000", cycle.Error);
        Assert.Empty(cycle.Requests);
        Assert.Empty(cycle.Lines);
    }

    // A url naming another endpoint (the org itself, the API root) answers 200 with an object: taken for one event, it
    // was written again every cycle (no _document_id for the dedupe window), and no audit event ever came.
    [Theory]
    [InlineData("""{"login":"octo-corp","id":9919,"url":"https://api.github.com/orgs/octo-corp","description":null}""")]
    [InlineData("""{"message":"Moved Permanently","documentation_url":"https://docs.github.com/rest"}""")]
    public async Task An_answer_that_is_an_object_not_an_audit_log_array_fails_the_cycle_and_writes_nothing(string body)
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", _ => FakeResponse.Json(body));
        using var harness = SourceHarness.Create(new GitHubSourceType(), GitHubApi.Yaml(api.Url), api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        Assert.Contains($"the answer from {api.Url} is a JSON object, not the array of events GitHub's audit log answers with", cycle.Error);
        Assert.Contains("…/orgs/<org>/audit-log", cycle.Error);
        Assert.Empty(cycle.Lines);
        Assert.False(cycle.State.ContainsKey("watermark"));
    }

    [Fact]
    public async Task The_sample_config_loads_and_collects()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "audit-page2.json");
        using var harness = SourceHarness.Create(new GitHubSourceType(), PluginTestFiles.SampleSourceKeys() + $"\nurl: {api.Url}", api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { FirstRun[2] }, cycle.EventField("_document_id"));
        Assert.Equal("all", cycle.Requests[0].Param("include"));
    }
}
