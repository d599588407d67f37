using Helr.Plugins.Slack.Tests.Support;

namespace Helr.Plugins.Slack.Tests;

/// <summary>The slack source run in-process through the kernel (SourceHarness) against a fake Slack.</summary>
public sealed class SlackCollectionTests
{
    private const string C1 = "dXNlcjpXMDEyM0FCQzQ1Ng==";
    private static readonly string[] FirstRun =
        { "0d1f6a2e-6c7d-4f00-a12f-3456789ab0c3", "0d1f6a2e-6c7d-4f00-a12f-3456789ab0c2", "0d1f6a2e-6c7d-4f00-a12f-3456789ab0c1" };
    private const string Later = "0d1f6a2e-6c7d-4f00-a12f-3456789ab0c4";

    private static async Task<SlackApi> StartAsync() => new(await FakeVendorServer.StartAsync());

    [Fact]
    public async Task First_run_follows_next_cursor_sending_oldest_on_every_page_until_the_empty_cursor()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "logs-page1.json").Page(C1, "logs-page2.json");
        using var harness = SourceHarness.Create(new SlackSourceType(), SlackApi.Yaml(api.Url, "from: \"1717200000\""), api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(FirstRun, cycle.EventField("id"));
        Assert.Equal(FirstRun[0], cycle.Envelopes[0].GetProperty("meta").GetProperty("id").GetString());
        Assert.StartsWith("2024-06-11T17:10:00", cycle.Envelopes[0].GetProperty("ts").GetString());
        Assert.Equal(2, cycle.Requests.Count);
        Assert.All(cycle.Requests, r => Assert.Equal("1717200000", r.Param("oldest")));
        Assert.All(cycle.Requests, r => Assert.Equal("1000", r.Param("limit")));
        Assert.All(cycle.Requests, r => Assert.Equal("Bearer " + FakeEnvironment.Token, r.Header("Authorization")));
        Assert.Null(cycle.Requests[0].Param("cursor"));
        Assert.Equal(C1, cycle.Requests[1].Param("cursor"));
        Assert.Equal("", cycle.State["cursor"]);
        Assert.Equal("1718125800", cycle.State["watermark"]);
    }

    [Fact]
    public async Task Second_run_asks_from_the_newest_date_create_written_and_writes_only_new_events()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "logs-page1.json").Page(C1, "logs-page2.json");
        using var harness = SourceHarness.Create(new SlackSourceType(), SlackApi.Yaml(api.Url), api.Server, new FakeEnvironment());
        var first = await harness.RunCycleAsync();
        Assert.Null(first.Requests[0].Param("oldest")); // no from and no state: all the log Slack keeps

        api.Page("", "logs-page3.json");
        var second = await harness.RunCycleAsync();

        Assert.Null(second.Error);
        Assert.Equal(new[] { Later }, second.EventField("id"));
        // lag_secs (default 600) before the newest date_create written, for entries Slack lists late.
        Assert.Equal("1718125200", second.Requests[0].Param("oldest"));
        Assert.Equal("1718126400", second.State["watermark"]);
    }

    [Fact]
    public async Task Events_at_the_boundary_second_that_oldest_brings_back_are_not_written_again_also_after_a_restart()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "logs-page1.json").Page(C1, "logs-page2.json");
        // lag_secs: 0 asks again for the boundary second alone; with a lag the overlap comes back too, and the
        // harness carries no dedupe window across a restart as a state store does (SlackPluginTests).
        var yaml = SlackApi.Yaml(api.Url, "lag_secs: 0");
        IReadOnlyDictionary<string, string> stored;
        using (var first = SourceHarness.Create(new SlackSourceType(), yaml, api.Server, new FakeEnvironment()))
        {
            var cycle1 = await first.RunCycleAsync();
            Assert.Equal(FirstRun, cycle1.EventField("id"));
            stored = cycle1.State;
        }

        // A new process from the stored state: Slack's inclusive oldest returns the boundary event again.
        api.Page("", "logs-page3-with-boundary.json");
        using var restarted = SourceHarness.Create(new SlackSourceType(), yaml, api.Server, new FakeEnvironment());
        foreach (var (key, value) in stored) restarted.SetState(key, value);
        var cycle = await restarted.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal("1718125800", cycle.Requests[0].Param("oldest"));
        Assert.Equal(new[] { Later }, cycle.EventField("id"));
    }

    [Fact]
    public async Task An_empty_page_writes_nothing_and_keeps_the_range_start()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "logs-empty.json");
        using var harness = SourceHarness.Create(new SlackSourceType(), SlackApi.Yaml(api.Url), api.Server, new FakeEnvironment());
        harness.SetState("watermark", "1718125800");

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Empty(cycle.Lines);
        Assert.Single(cycle.Requests);
        Assert.Equal("1718125800", cycle.State["watermark"]);
        Assert.Equal("", cycle.State["cursor"]);
    }

    [Fact]
    public async Task A_rate_limited_page_is_retried_after_slacks_retry_after()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        var calls = 0;
        api.Page("", () => Interlocked.Increment(ref calls) == 1
            ? PluginTestFiles.Json("error-ratelimited.json", 429).WithHeader("Retry-After", "1")
            : PluginTestFiles.Json("logs-page2.json"));
        using var harness = SourceHarness.Create(new SlackSourceType(), SlackApi.Yaml(api.Url), api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { FirstRun[2] }, cycle.EventField("id"));
        Assert.Equal(2, cycle.Requests.Count);
        Assert.Contains(cycle.Log, l => l.Contains("HTTP 429", StringComparison.Ordinal) && l.Contains("Retry-After", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(401, "invalid_authentication", "auditlogs:read")]
    [InlineData(401, "missing_authentication", "auditlogs:read")]
    [InlineData(403, "feature_not_enabled", "Slack Enterprise")]
    [InlineData(403, "team_not_authorized", "installed on the organization")]
    [InlineData(403, "user_not_authorized", "org owner's")]
    public async Task An_audit_logs_error_with_a_4xx_status_names_slacks_code_and_what_to_do(int status, string code, string hint)
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", () => FakeResponse.Json($$"""{"ok": false, "error": "{{code}}"}""", status));
        using var harness = SourceHarness.Create(new SlackSourceType(), SlackApi.Yaml(api.Url), api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        Assert.Contains($"ok:false with error '{code}' (HTTP {status})", cycle.Error);
        Assert.Contains(hint, cycle.Error);
        Assert.DoesNotContain(FakeEnvironment.Token, cycle.Error);
        Assert.Empty(cycle.Lines);
    }

    [Fact]
    public async Task An_ok_false_answer_with_http_200_is_an_error_naming_slacks_code_never_an_event()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "logs-page1.json");
        var env = new FakeEnvironment();
        env.Variables["SLACK_AUDIT_TOKEN"] = "xoxp-revoked-token-value";
        using var harness = SourceHarness.Create(new SlackSourceType(), SlackApi.Yaml(api.Url), api.Server, env);

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        Assert.Contains("ok:false with error 'invalid_auth'", cycle.Error);
        Assert.Contains("auditlogs:read", cycle.Error);
        Assert.DoesNotContain("xoxp-revoked-token-value", cycle.Error);
        Assert.DoesNotContain(cycle.Log, l => l.Contains("xoxp-revoked-token-value", StringComparison.Ordinal));
        Assert.Empty(cycle.Lines);
        Assert.False(cycle.State.ContainsKey("cursor"));
    }

    [Fact]
    public async Task A_restart_between_pages_continues_at_the_cursor_with_the_same_oldest()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "logs-page1.json").Page(C1, "logs-page2.json");
        var yaml = SlackApi.Yaml(api.Url, "from: \"1717200000\"\npagination:\n  max_pages: 1");
        IReadOnlyDictionary<string, string> stored;
        using (var before = SourceHarness.Create(new SlackSourceType(), yaml, api.Server, new FakeEnvironment()))
        {
            var cut = await before.RunCycleAsync();
            Assert.Equal(FirstRun[..2], cut.EventField("id"));
            stored = cut.State;
        }
        Assert.Equal(C1, stored["cursor"]);
        Assert.False(stored.ContainsKey("watermark")); // newest first: the range start may not move before the traversal ends

        using var after = SourceHarness.Create(new SlackSourceType(), yaml, api.Server, new FakeEnvironment());
        foreach (var (key, value) in stored) after.SetState(key, value);
        var resumed = await after.RunCycleAsync();

        Assert.Equal(new[] { FirstRun[2] }, resumed.EventField("id"));
        Assert.Equal(C1, resumed.Requests[0].Param("cursor"));
        Assert.Equal("1717200000", resumed.Requests[0].Param("oldest"));
        Assert.Equal("1718125800", resumed.State["watermark"]);
        Assert.Equal("", resumed.State["cursor"]);
    }

    [Fact]
    public async Task The_lag_never_reaches_before_from()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "logs-empty.json");
        using var harness = SourceHarness.Create(new SlackSourceType(), SlackApi.Yaml(api.Url, "from: \"1718125500\""), api.Server, new FakeEnvironment());
        harness.SetState("watermark", "1718125800");

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal("1718125500", cycle.Requests[0].Param("oldest"));
    }

    [Fact]
    public async Task An_invalid_cursor_restarts_the_traversal_from_its_range_start()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "logs-page2.json");
        using var harness = SourceHarness.Create(new SlackSourceType(), SlackApi.Yaml(api.Url), api.Server, new FakeEnvironment());
        harness.SetState("cursor", "expired-cursor");
        harness.SetState("watermark", "1718000000");

        var rejected = await harness.RunCycleAsync();
        Assert.Null(rejected.Error);
        Assert.Equal("", rejected.State["cursor"]);
        Assert.Contains(rejected.Log, l => l.Contains("rejected the stored cursor", StringComparison.Ordinal));

        var again = await harness.RunCycleAsync();
        Assert.Null(again.Requests[0].Param("cursor"));
        Assert.Equal("1717999400", again.Requests[0].Param("oldest")); // lag_secs before the watermark
        Assert.Equal(new[] { FirstRun[2] }, again.EventField("id"));
    }

    // With fail, every later cycle sends the same stored cursor and fails alike: the error said only Slack's code.
    [Theory]
    [InlineData(200)]
    [InlineData(400)]
    public async Task With_on_cursor_error_fail_an_invalid_cursor_says_how_to_get_past_it(int status)
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("expired-cursor", () => PluginTestFiles.Json("error-invalid-cursor.json", status));
        using var harness = SourceHarness.Create(new SlackSourceType(), SlackApi.Yaml(api.Url, "on_cursor_error: fail"), api.Server, new FakeEnvironment());
        harness.SetState("cursor", "expired-cursor");

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        Assert.Contains($"Slack answered ok:false with error 'invalid_cursor' (HTTP {status})", cycle.Error);
        Assert.Contains("on_cursor_error: reset", cycle.Error);
        Assert.Contains($"helr state set {harness.SourceId} cursor \"\"", cycle.Error);
        Assert.Equal("expired-cursor", harness.State["cursor"]);
    }

    [Fact]
    public async Task The_sample_config_loads_and_collects()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "logs-page2.json");
        using var harness = SourceHarness.Create(new SlackSourceType(), PluginTestFiles.SampleSourceKeys() + $"\nurl: {api.Url}", api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { FirstRun[2] }, cycle.EventField("id"));
        Assert.Equal("1717200000", cycle.Requests[0].Param("oldest"));
        Assert.Equal("user_login", cycle.Requests[0].Param("action"));
    }
}
