using System.Globalization;
using Helr.Plugins.Gws.Tests.Support;

namespace Helr.Plugins.Gws.Tests;

/// <summary>This host's clock ahead of Google's by more than lag_secs: a window must not be stored as ending past what Google had delivered.</summary>
public class GwsClockSkewTests
{
    private static readonly DateTimeOffset Start = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static string Config(FakeVendorServer api) => $"""
        application: login
        url: {api.Url("/")}
        from: "{Start.AddHours(-2):yyyy-MM-dd'T'HH:mm:ss'Z'}"
        lag_secs: 600
        auth:
          type: bearer
          token_env: GWS_ACCESS_TOKEN
        resilience:
          retries:
            max_attempts: 2
            initial_backoff_secs: 0
        """;

    [Fact]
    public async Task With_this_hosts_clock_twenty_minutes_ahead_an_activity_delivered_within_lag_after_the_first_cycle_is_still_collected()
    {
        // Google's own now, in its Date header: twenty minutes behind this host's (a drifted VM clock).
        var apiNow = Start.AddMinutes(-20);
        var reports = new FakeReports().Deliver(Start.AddHours(-1), "100");
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(GwsOverlapTests.LoginPath, r => reports.Answer(r).WithHeader("Date", apiNow.ToString("r", CultureInfo.InvariantCulture)));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api), api, new TestEnvironment());
        var clock = new ManualClock(Start);
        harness.Time = clock;

        var first = await harness.RunCycleAsync();
        // Five minutes on, by both clocks: Google delivers an activity of its 11:33, nine minutes late (within
        // lag_secs), but before the end of this host's first window (11:50).
        apiNow = Start.AddMinutes(-15);
        reports.Deliver(Start.AddMinutes(-27), "200");
        clock.Now = Start.AddMinutes(5);
        var second = await harness.RunCycleAsync();

        Assert.Null(first.Error);
        Assert.Null(second.Error);
        Assert.Equal(new[] { "100" }, first.Qualifiers());
        Assert.Equal(new[] { "200" }, second.Qualifiers());
    }

    // A window paged over several cycles (a backlog cut by max_pages): its newest page was asked for while
    // Google's clock was behind the window's end; the cycle that finishes it, later, must still store the
    // end as Google's now − lag of that first page, or activities Google delivered late there are never asked for.
    [Fact]
    public async Task A_window_finished_cycles_after_its_skewed_first_page_still_asks_again_for_what_google_delivered_late()
    {
        var apiNow = Start.AddMinutes(-20);
        var reports = new FakeReports().Deliver(Start.AddHours(-1), "100").Deliver(Start.AddMinutes(-90), "050");
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(GwsOverlapTests.LoginPath, r => reports.Answer(r).WithHeader("Date", apiNow.ToString("r", CultureInfo.InvariantCulture)));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api) + "\nmax_results: 1\nmax_pages: 1", api, new TestEnvironment());
        var clock = new ManualClock(Start);
        harness.Time = clock;
        var written = new List<string?>();

        // The window [10:00, 11:50] by this host's clock; Google's now − lag is 11:30: its newest page only.
        written.AddRange((await harness.RunCycleAsync()).Qualifiers());
        // Google delivers an activity of its 11:33, a few minutes late by its own clock.
        reports.Deliver(Start.AddMinutes(-27), "200");
        // Half an hour on (Google's clock by now past the window's end), the window's older pages.
        foreach (var minutes in new[] { 30, 35, 40 })
        {
            clock.Now = Start.AddMinutes(minutes);
            apiNow = Start.AddMinutes(minutes - 20);
            var cycle = await harness.RunCycleAsync();
            Assert.Null(cycle.Error);
            written.AddRange(cycle.Qualifiers());
        }

        Assert.Equal(new[] { "050", "100", "200" }, written.Order(StringComparer.Ordinal));
    }

    // Date has whole seconds and a server reuses one value for up to a second (Kestrel did in CI): a
    // second's difference is not a skew, and the window keeps the end it asked for.
    [Fact]
    public async Task A_date_header_a_second_behind_this_hosts_clock_leaves_the_window_end_as_asked()
    {
        var reports = new FakeReports().Deliver(Start.AddHours(-1), "100");
        var apiNow = Start.AddSeconds(-1);
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(GwsOverlapTests.LoginPath, r => reports.Answer(r).WithHeader("Date", apiNow.ToString("r", CultureInfo.InvariantCulture)));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api), api, new TestEnvironment());
        var clock = new ManualClock(Start);
        harness.Time = clock;

        var first = await harness.RunCycleAsync();
        var end1 = DateTimeOffset.Parse(api.Requests[^1].Param("endTime")!, CultureInfo.InvariantCulture);
        apiNow = Start.AddMinutes(5);
        clock.Now = Start.AddMinutes(5);
        var second = await harness.RunCycleAsync();

        Assert.Null(first.Error);
        Assert.Null(second.Error);
        Assert.Equal(Start.AddSeconds(-600), end1);
        // The next window asks again for the last lag_secs of the one before it, from its end as asked.
        Assert.Equal(end1.AddSeconds(-600), DateTimeOffset.Parse(api.Requests[^1].Param("startTime")!, CultureInfo.InvariantCulture));
    }
}
