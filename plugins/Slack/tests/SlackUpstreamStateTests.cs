using Helr.Plugins.Slack.Tests.Support;

namespace Helr.Plugins.Slack.Tests;

/// <summary>
/// Upstream's Slack guide configures a generic source with <c>incremental_from.state_key: oldest_ts</c>;
/// the same source id moved to <c>type: slack</c> goes on from there instead of re-reading the whole log.
/// </summary>
public sealed class SlackUpstreamStateTests
{
    private static async Task<SlackApi> StartAsync() => new(await FakeVendorServer.StartAsync());

    [Fact]
    public async Task Without_a_watermark_the_range_starts_at_upstreams_oldest_ts_less_lag()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "logs-empty.json");
        using var harness = SourceHarness.Create(new SlackSourceType(), SlackApi.Yaml(api.Url), api.Server, new FakeEnvironment());
        harness.SetState("oldest_ts", "1718125800");

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal("1718125200", cycle.Requests[0].Param("oldest"));
    }

    [Fact]
    public async Task A_stored_watermark_wins_over_oldest_ts()
    {
        var api = await StartAsync();
        await using var _ = api.Server;
        api.Page("", "logs-empty.json");
        using var harness = SourceHarness.Create(new SlackSourceType(), SlackApi.Yaml(api.Url), api.Server, new FakeEnvironment());
        harness.SetState("oldest_ts", "1717000000");
        harness.SetState("watermark", "1718125800");

        var cycle = await harness.RunCycleAsync();

        Assert.Equal("1718125200", cycle.Requests[0].Param("oldest"));
    }

    // A time set by hand where Unix seconds belong: it went out as oldest, and as watermark it never moved again.
    [Theory]
    [InlineData("watermark")]
    [InlineData("oldest_ts")]
    public async Task A_stored_range_start_that_is_no_unix_seconds_fails_the_cycle_saying_how_to_set_it(string key)
    {
        var api = new SlackApi(await FakeVendorServer.StartAsync()).Page("", "logs-page3.json");
        await using var _ = api.Server;
        using var harness = SourceHarness.Create(new SlackSourceType(), SlackApi.Yaml(api.Url), api.Server, new FakeEnvironment());
        harness.SetState(key, "2024-06-11T17:00:00Z");

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        Assert.Contains("the stored range start '2024-06-11T17:00:00Z' is not Unix seconds", cycle.Error);
        Assert.Contains("watermark <unix seconds>", cycle.Error);
        // Clearing watermark left a bad oldest_ts where it was: the hint names the key that holds the value.
        Assert.Contains($"{key} \"\"", cycle.Error);
        Assert.Empty(cycle.Requests);
        Assert.Empty(cycle.Lines);
    }

    // Epoch milliseconds where Unix seconds belong (as GitHub's @timestamp and JavaScript's Date.now() write them): sent as oldest, a
    // range starting in the year 56,000 held no entry, every cycle "succeeded" with none, and the watermark never moved.
    [Theory]
    [InlineData("watermark")]
    [InlineData("oldest_ts")]
    public async Task A_stored_range_start_in_milliseconds_fails_the_cycle_instead_of_reading_nothing_forever(string key)
    {
        var api = new SlackApi(await FakeVendorServer.StartAsync()).Page("", "logs-page3.json");
        await using var _ = api.Server;
        using var harness = SourceHarness.Create(new SlackSourceType(), SlackApi.Yaml(api.Url), api.Server, new FakeEnvironment());
        harness.SetState(key, "1718125800000");

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        Assert.Contains("the stored range start '1718125800000' is in milliseconds, not Unix seconds", cycle.Error);
        Assert.Contains("watermark <unix seconds>", cycle.Error);
        // Clearing watermark left a bad oldest_ts where it was: the hint names the key that holds the value.
        Assert.Contains($"{key} \"\"", cycle.Error);
        Assert.Empty(cycle.Requests);
        Assert.Empty(cycle.Lines);
    }
}
