using System.Globalization;
using Helr.Plugins.Tailscale.Tests.Support;

namespace Helr.Plugins.Tailscale.Tests;

/// <summary>A source's tailnet, log or url edited while the old log's window_end is stored.</summary>
public class TailscaleEndpointEditTests
{
    private static string Config(FakeVendorServer api, string tailnet) => $"""
        tailnet: {tailnet}
        log: configuration
        url: {api.Url("/")}
        lag_secs: 60
        lookback_secs: 7200
        auth:
          type: basic
          user_env: TAILSCALE_API_KEY
        """;

    private static string PathOf(string tailnet) => $"/api/v2/tailnet/{tailnet}/logging/configuration";

    private static DateTimeOffset Time(RecordedRequest r, string param) => DateTimeOffset.Parse(r.Param(param)!, CultureInfo.InvariantCulture);

    private static async Task<IReadOnlyDictionary<string, string>> CollectFirstTailnet(FakeVendorServer api)
    {
        using var harness = SourceHarness.Create(new TailscaleSourceType(), Config(api, "example.com"), api, new TestEnvironment());
        var cycle = await harness.RunCycleAsync();
        Assert.Null(cycle.Error);
        return harness.State;
    }

    [Fact]
    public async Task A_switch_to_another_tailnet_starts_its_log_as_a_first_run_and_loses_none_of_its_entries()
    {
        var hourAgo = DateTimeOffset.UtcNow.AddHours(-1);
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(PathOf("example.com"), new FakeTailnetLog().Answer);
        api.OnGet(PathOf("other.example"), new FakeTailnetLog().Add(hourAgo).Answer);
        var saved = await CollectFirstTailnet(api);
        var oldEnd = DateTimeOffset.Parse(saved["window_end"], CultureInfo.InvariantCulture);

        // The user points the source at another tailnet and restarts helr.
        using var after = SourceHarness.Create(new TailscaleSourceType(), Config(api, "other.example"), api, new TestEnvironment());
        foreach (var (key, value) in saved) after.SetState(key, value);
        var cycle = await after.RunCycleAsync();

        Assert.Null(cycle.Error);
        // Its first window starts lookback_secs ago, as a first run's does, not at the old tailnet's window_end.
        Assert.True(Time(cycle.Requests[0], "start") < oldEnd.AddHours(-1), $"the first window starts at {cycle.Requests[0].Param("start")}, the old log's end was {oldEnd:O}");
        Assert.Equal(new[] { FakeTailnetLog.Id(hourAgo) }, cycle.EventField("eventGroupID"));
        Assert.Contains(cycle.Log, l => l.Contains("changed since the stored window_end was written", StringComparison.Ordinal));
        Assert.NotEqual(saved["window_end_query"], cycle.State["window_end_query"]);

        // The next cycle continues the new log's own windows.
        var next = await after.RunCycleAsync();
        if (next.Requests.Count > 0) Assert.Equal(cycle.Requests[^1].Param("end"), next.Requests[0].Param("start"));
        Assert.DoesNotContain(next.Log, l => l.Contains("changed since the stored window_end was written", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_window_end_stored_by_an_earlier_version_is_continued()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(PathOf("example.com"), new FakeTailnetLog().Answer);
        var saved = await CollectFirstTailnet(api);
        Assert.False(string.IsNullOrEmpty(saved.GetValueOrDefault("window_end_query")));
        var earlier = DateTimeOffset.Parse(saved["window_end"], CultureInfo.InvariantCulture).AddMinutes(-30);

        using var upgraded = SourceHarness.Create(new TailscaleSourceType(), Config(api, "example.com"), api, new TestEnvironment());
        upgraded.SetState("window_end", earlier.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        var cycle = await upgraded.RunCycleAsync();

        Assert.Equal(earlier, Time(cycle.Requests[0], "start"));
        Assert.Equal(saved["window_end_query"], cycle.State["window_end_query"]);
    }
}
