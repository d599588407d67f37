using System.Globalization;
using Helr.Plugins.Tailscale.Tests.Support;
using static Helr.Plugins.Tailscale.Tests.TailscaleWindowTests;

namespace Helr.Plugins.Tailscale.Tests;

/// <summary>This host's clock ahead of Tailscale's: windows must not end past what the API had logged.</summary>
public class TailscaleClockSkewTests
{
    private const string Path = "/api/v2/tailnet/example.com/logging/configuration";
    private static readonly DateTimeOffset Start = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task With_this_hosts_clock_five_minutes_ahead_an_entry_logged_after_the_first_cycle_is_still_collected()
    {
        // The API's own now, sent in its Date header; five minutes behind this host's (a drifted VM clock).
        var apiNow = Start.AddMinutes(-5);
        var log = new FakeTailnetLog().Add(Start.AddMinutes(-10));
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(Path, r => log.Answer(r).WithHeader("Date", apiNow.ToString("r", CultureInfo.InvariantCulture)));
        using var harness = SourceHarness.Create(new TailscaleSourceType(), Config(api, $"from: \"{Start.AddHours(-1):yyyy-MM-dd'T'HH:mm:ss'Z'}\""), api, new TestEnvironment());
        var clock = new ManualClock(Start);
        harness.Time = clock;

        var first = await harness.RunCycleAsync();
        // Two minutes on, by both clocks: the API logs an entry at its 11:55:30, before this host's first
        // window end (11:59) and before the API's now − lag_secs (11:56).
        apiNow = Start.AddMinutes(-3);
        log.Add(Start.AddSeconds(-270));
        clock.Now = Start.AddMinutes(2);
        var second = await harness.RunCycleAsync();

        Assert.Null(first.Error);
        Assert.Null(second.Error);
        Assert.Equal(new[] { Start.AddMinutes(-10) }.Select(FakeTailnetLog.Id), first.EventField("eventGroupID"));
        Assert.Equal(new[] { Start.AddSeconds(-270) }.Select(FakeTailnetLog.Id), second.EventField("eventGroupID"));
    }
}
