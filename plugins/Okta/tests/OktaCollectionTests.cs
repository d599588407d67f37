using System.Globalization;
using Helr.Plugins.Okta.Tests.Support;

namespace Helr.Plugins.Okta.Tests;

/// <summary>The okta source run in-process through the kernel (SourceHarness) against a fake Okta org.</summary>
public sealed class OktaCollectionTests
{
    private static readonly string[] Page1 = { "6b4a1c2e-27f1-11ef-9d3a-1b2c3d4e5f60", "6b4a1c2e-27f1-11ef-9d3a-1b2c3d4e5f61" };
    private const string Page2 = "7c5b2d3f-27f1-11ef-9d3a-1b2c3d4e5f62";
    private const string Page3 = "8d6c3e40-27f2-11ef-9d3a-1b2c3d4e5f63";

    private static async Task<OktaApi> StartAsync() => new(await FakeVendorServer.StartAsync());

    [Fact]
    public async Task First_run_starts_7_days_back_follows_next_links_and_ends_at_the_first_empty_page_storing_its_link()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "logs-page1.json", "c1").Page("c1", "logs-page2.json", "c2").Page("c2", "logs-empty.json", "c2");
        using var harness = SourceHarness.Create(new OktaSourceType(), OktaApi.Yaml(api.Url), api.Server, new FakeEnvironment());
        var before = DateTimeOffset.UtcNow - OktaSourceType.DefaultLookback;

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(Page1.Append(Page2), cycle.EventField("uuid"));
        Assert.Equal(Page2, cycle.Envelopes[2].GetProperty("meta").GetProperty("id").GetString());
        Assert.Equal("2024-06-11T17:09:02.004Z", cycle.Envelopes[2].GetProperty("ts").GetString());
        Assert.Equal(3, cycle.Requests.Count); // the empty page ends the cycle although it links on
        Assert.All(cycle.Requests, r => Assert.Equal("SSWS " + FakeEnvironment.Token, r.Header("Authorization")));
        var first = cycle.Requests[0];
        Assert.Equal("1000", first.Param("limit"));
        var since = DateTimeOffset.Parse(first.Param("since")!, CultureInfo.InvariantCulture);
        Assert.InRange(since, before.AddSeconds(-1), DateTimeOffset.UtcNow - OktaSourceType.DefaultLookback);
        Assert.Equal(api.Link("c2"), cycle.State["next_url"]);
        Assert.Equal("2024-06-11T17:09:02.004Z", cycle.State["watermark"]);
    }

    [Fact]
    public async Task Second_run_resumes_at_the_stored_link_and_writes_only_new_events()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "logs-page1.json", "c1").Page("c1", "logs-empty.json", "c1");
        using var harness = SourceHarness.Create(new OktaSourceType(), OktaApi.Yaml(api.Url), api.Server, new FakeEnvironment());
        var first = await harness.RunCycleAsync();
        Assert.Equal(Page1, first.EventField("uuid"));

        // Meanwhile a new event was persisted behind cursor c1.
        api.Page("c1", "logs-page3.json", "c3").Page("c3", "logs-empty.json", "c3");
        var second = await harness.RunCycleAsync();

        Assert.Null(second.Error);
        Assert.Equal(new[] { Page3 }, second.EventField("uuid"));
        Assert.Equal(api.Link("c1"), new Uri(api.Server.BaseUrl, second.Requests[0].Path + second.Requests[0].QueryString).AbsoluteUri);
        Assert.Null(second.Requests[0].Param("since")); // the link carries the position
        Assert.Equal(api.Link("c3"), second.State["next_url"]);
        Assert.Equal("2024-06-11T17:15:45.250Z", second.State["watermark"]);
    }

    [Fact]
    public async Task An_empty_first_page_writes_nothing_and_stores_the_link_to_poll_next()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "logs-empty.json", "c0");
        using var harness = SourceHarness.Create(new OktaSourceType(), OktaApi.Yaml(api.Url), api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Empty(cycle.Lines);
        Assert.Single(cycle.Requests);
        Assert.Equal(api.Link("c0"), cycle.State["next_url"]);
        Assert.False(cycle.State.ContainsKey("watermark"));
    }

    [Fact]
    public async Task A_restart_between_pages_continues_at_the_next_page()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "logs-page1.json", "c1").Page("c1", "logs-page2.json", "c2").Page("c2", "logs-empty.json", "c2");
        var yaml = OktaApi.Yaml(api.Url, "pagination:\n  max_pages: 1"); // the user's max_pages overrides the vendor's 20
        IReadOnlyDictionary<string, string> stored;
        using (var before = SourceHarness.Create(new OktaSourceType(), yaml, api.Server, new FakeEnvironment()))
        {
            var cut = await before.RunCycleAsync();
            Assert.Equal(Page1, cut.EventField("uuid"));
            Assert.Single(cut.Requests);
            stored = cut.State;
        }
        Assert.Equal(api.Link("c1"), stored["next_url"]);

        using var after = SourceHarness.Create(new OktaSourceType(), yaml, api.Server, new FakeEnvironment());
        foreach (var (key, value) in stored) after.SetState(key, value);
        var resumed = await after.RunCycleAsync();

        Assert.Equal(new[] { Page2 }, resumed.EventField("uuid"));
        Assert.Equal("c1", resumed.Requests[0].Param("after"));
    }

    [Fact]
    public async Task A_rate_limited_page_is_waited_out_until_okta_says_the_window_resets()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var api = new { Server = server, Url = server.Url("/api/v1/logs") };
        var calls = 0;
        api.Server.OnGet("/api/v1/logs", _ => Interlocked.Increment(ref calls) == 1
            ? PluginTestFiles.Json("error-rate-limit.json", 429)
                .WithHeader("X-Rate-Limit-Limit", "600").WithHeader("X-Rate-Limit-Remaining", "0")
                .WithHeader("X-Rate-Limit-Reset", DateTimeOffset.UtcNow.AddSeconds(3).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
            : PluginTestFiles.Json("logs-page2.json"));
        using var harness = SourceHarness.Create(new OktaSourceType(), OktaApi.Yaml(api.Url), api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { Page2 }, cycle.EventField("uuid"));
        Assert.Equal(2, cycle.Requests.Count);
        Assert.Contains(cycle.Log, l => l.Contains("HTTP 429", StringComparison.Ordinal) && l.Contains("rate-limit reset header", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Adaptive_waiting_is_on_by_default_when_the_window_is_nearly_used_up()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var api = new { Server = server, Url = server.Url("/api/v1/logs") };
        string Link(string after) => server.Url($"/api/v1/logs?limit=1000&after={after}");
        // The reset is taken when the first page is sent: one taken at the test's start could be past by then on a loaded machine.
        string? reset = null;
        api.Server.OnGet("/api/v1/logs", r => r.Param("after") is null
            ? PluginTestFiles.Json("logs-page1.json").WithNext(Link("c1")).WithHeader("X-Rate-Limit-Remaining", "1")
                .WithHeader("X-Rate-Limit-Reset", reset = DateTimeOffset.UtcNow.AddSeconds(3).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
            : PluginTestFiles.Json("logs-empty.json").WithNext(Link("c1")));
        using var harness = SourceHarness.Create(new OktaSourceType(), OktaApi.Yaml(api.Url), api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(2, cycle.Requests.Count);
        Assert.Contains(cycle.Log, l => l.Contains("rate-limit window to reset", StringComparison.Ordinal));
        Assert.True(cycle.Requests[1].ReceivedAt >= DateTimeOffset.FromUnixTimeSeconds(long.Parse(reset!, CultureInfo.InvariantCulture)).AddSeconds(-1));
    }

    [Fact]
    public async Task An_invalid_token_fails_the_cycle_with_oktas_message_and_no_secret()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "logs-page1.json", "c1");
        var env = new FakeEnvironment();
        env.Variables["OKTA_API_TOKEN"] = "00revoked-token-value";
        using var harness = SourceHarness.Create(new OktaSourceType(), OktaApi.Yaml(api.Url), api.Server, env);

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        Assert.Contains("401", cycle.Error);
        Assert.Contains("Invalid token provided", cycle.Error);
        Assert.DoesNotContain("00revoked-token-value", cycle.Error);
        Assert.DoesNotContain(cycle.Log, l => l.Contains("00revoked-token-value", StringComparison.Ordinal));
        Assert.Empty(cycle.Lines);
        Assert.False(cycle.State.ContainsKey("next_url"));
    }

    [Fact]
    public async Task User_keys_override_the_vendor_defaults_key_by_key()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "logs-page2.json", "c1").Page("c1", "logs-empty.json", "c1");
        using var harness = SourceHarness.Create(new OktaSourceType(), OktaApi.Yaml(api.Url, """
            domain: acme.okta.com
            from: "2024-06-01T00:00:00.000Z"
            query_params:
              limit: 200
              filter: eventType eq "user.session.end"
            transform:
              id_field: eventType
            """), api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        var first = cycle.Requests[0];
        Assert.Equal("200", first.Param("limit"));
        Assert.Equal("2024-06-01T00:00:00.000Z", first.Param("since"));
        Assert.Equal("eventType eq \"user.session.end\"", first.Param("filter"));
        Assert.Equal("user.session.end", cycle.Envelopes[0].GetProperty("meta").GetProperty("id").GetString());
        Assert.Equal("2024-06-11T17:09:02.004Z", cycle.Envelopes[0].GetProperty("ts").GetString()); // vendor default kept
    }

    [Fact]
    public async Task A_since_in_query_params_without_from_is_where_the_first_run_starts_as_upstream_sends_it()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "logs-page2.json", "c1").Page("c1", "logs-empty.json", "c1");
        // Upstream's Okta guide: `query_params` for `limit`, `since`, `until`, `filter`, …
        using var harness = SourceHarness.Create(new OktaSourceType(), OktaApi.Yaml(api.Url, """
            query_params:
              since: "2024-01-01T00:00:00Z"
            """), api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        var sent = cycle.Requests[0].QueryString;
        Assert.Equal("2024-01-01T00:00:00Z", cycle.Requests[0].Param("since"));
        Assert.Single(sent.Split('&'), p => p.TrimStart('?').StartsWith("since=", StringComparison.Ordinal));
        Assert.Equal(new[] { Page2 }, cycle.EventField("uuid"));

        // With the link gone, the next traversal starts from the watermark, not from the configured since again.
        harness.SetState("next_url", "");
        api.Page("", "logs-empty.json", "c1");
        var again = await harness.RunCycleAsync();
        Assert.Equal("2024-06-11T17:09:02.004Z", again.Requests[0].Param("since"));
    }

    [Fact]
    public async Task A_since_in_the_url_without_from_is_where_the_first_run_starts()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "logs-page2.json", "c1").Page("c1", "logs-empty.json", "c1");
        using var harness = SourceHarness.Create(new OktaSourceType(), OktaApi.Yaml(api.Url + "?since=2024-01-01T00:00:00Z"), api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal("2024-01-01T00:00:00Z", cycle.Requests[0].Param("since"));
        Assert.Single(cycle.Requests[0].QueryString.TrimStart('?').Split('&'), p => p.StartsWith("since=", StringComparison.Ordinal));
        Assert.Equal(new[] { Page2 }, cycle.EventField("uuid"));
    }

    [Fact]
    public async Task The_sample_config_loads_and_collects()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "logs-page2.json", "c1").Page("c1", "logs-empty.json", "c1");
        using var harness = SourceHarness.Create(new OktaSourceType(), PluginTestFiles.SampleSourceKeys() + $"\nurl: {api.Url}", api.Server, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { Page2 }, cycle.EventField("uuid"));
        Assert.Equal("2024-06-01T00:00:00.000Z", cycle.Requests[0].Param("since"));
    }
}
