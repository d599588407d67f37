using System.Globalization;
using Helr.Plugins.Tailscale.Tests.Support;

namespace Helr.Plugins.Tailscale.Tests;

/// <summary>Windows <c>[start, end)</c>: contiguous, capped, ending at now − lag_secs, across restarts.</summary>
public class TailscaleWindowTests
{
    private const string Path = "/api/v2/tailnet/example.com/logging/configuration";

    internal static string Config(FakeVendorServer api, string extra = "") => $"""
        tailnet: example.com
        log: configuration
        url: {api.Url("/")}
        lag_secs: 60
        auth:
          type: basic
          user_env: TAILSCALE_API_KEY
        resilience:
          retries:
            max_attempts: 2
            initial_backoff_secs: 0
        {extra}
        """;

    private static DateTimeOffset Time(RecordedRequest r, string param) => DateTimeOffset.Parse(r.Param(param)!, CultureInfo.InvariantCulture);

    private static DateTimeOffset WholeSecond(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    [Fact]
    public async Task A_three_day_outage_is_caught_up_in_capped_contiguous_windows_with_every_entry_once()
    {
        var outageStart = WholeSecond(DateTimeOffset.UtcNow.AddDays(-3));
        var log = new FakeTailnetLog().Add(
            outageStart,                      // at the first window's start
            outageStart.AddDays(1),           // exactly on a window boundary: both windows see it
            outageStart.AddDays(1).AddMilliseconds(-1),
            outageStart.AddHours(60));
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(Path, log.Answer);
        using var harness = SourceHarness.Create(new TailscaleSourceType(), Config(api, "max_window_secs: 86400"), api, new TestEnvironment());
        harness.SetState("window_end", outageStart.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.InRange(cycle.Requests.Count, 3, 4);
        Assert.Equal(outageStart, Time(cycle.Requests[0], "start"));
        for (var i = 0; i < cycle.Requests.Count; i++)
        {
            var (start, end) = (Time(cycle.Requests[i], "start"), Time(cycle.Requests[i], "end"));
            Assert.True(end - start <= TimeSpan.FromDays(1), $"window {i} is {end - start} long");
            if (i > 0) Assert.Equal(Time(cycle.Requests[i - 1], "end"), start); // no gap, no overlap
        }
        var last = cycle.Requests[^1];
        Assert.True(Time(last, "end") <= last.ReceivedAt.AddSeconds(-60), "the last window must end lag_secs before now");
        Assert.Equal(last.Param("end"), cycle.State["window_end"]);
        var expected = new[] { outageStart, outageStart.AddDays(1).AddMilliseconds(-1), outageStart.AddDays(1), outageStart.AddHours(60) };
        Assert.Equal(expected.Select(FakeTailnetLog.Id), cycle.EventField("eventGroupID"));
    }

    [Fact]
    public async Task A_restart_between_windows_continues_at_the_stored_end_with_no_gap_and_no_overlap()
    {
        var from = WholeSecond(DateTimeOffset.UtcNow.AddHours(-5));
        var log = new FakeTailnetLog().Add(from.AddMinutes(30), from.AddHours(1), from.AddHours(2).AddMinutes(10), from.AddHours(3).AddMinutes(30));
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(Path, log.Answer);
        var config = Config(api, $"from: \"{from:yyyy-MM-dd'T'HH:mm:ss'Z'}\"\nmax_pages: 2");
        HarnessCycle first;
        IReadOnlyDictionary<string, string> saved;
        using (var before = SourceHarness.Create(new TailscaleSourceType(), config, api, new TestEnvironment()))
        {
            first = await before.RunCycleAsync();
            saved = before.State;
        }

        using var after = SourceHarness.Create(new TailscaleSourceType(), config, api, new TestEnvironment());
        foreach (var (key, value) in saved) after.SetState(key, value);
        var second = await after.RunCycleAsync();

        Assert.Equal(2, first.Requests.Count);
        Assert.Equal(from.AddHours(2), Time(first.Requests[1], "end"));
        Assert.Equal(Time(first.Requests[1], "end"), Time(second.Requests[0], "start"));
        var ids = first.EventField("eventGroupID").Concat(second.EventField("eventGroupID")).ToList();
        Assert.Equal(new[] { from.AddMinutes(30), from.AddHours(1), from.AddHours(2).AddMinutes(10), from.AddHours(3).AddMinutes(30) }.Select(FakeTailnetLog.Id), ids);
    }

    [Fact]
    public async Task The_first_run_starts_one_day_back_and_sends_the_key_as_the_basic_user()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(Path, new FakeTailnetLog().Answer);
        using var harness = SourceHarness.Create(new TailscaleSourceType(), Config(api, "max_window_secs: 172800"), api, new TestEnvironment());

        var cycle = await harness.RunCycleAsync();

        var request = Assert.Single(cycle.Requests);
        Assert.Equal("Basic " + Convert.ToBase64String("tskey-api-k123:"u8.ToArray()), request.Header("Authorization"));
        Assert.Equal(TimeSpan.FromDays(1) - TimeSpan.FromSeconds(60), Time(request, "end") - Time(request, "start"));
        Assert.Empty(cycle.Lines);
        Assert.Equal(request.Param("end"), cycle.State["window_end"]); // an empty window still moves on
    }
}
