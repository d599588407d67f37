using System.Globalization;
using Helr.Plugins.Gws.Tests.Support;
using static Helr.Plugins.Gws.Tests.GwsOverlapTests;

namespace Helr.Plugins.Gws.Tests;

/// <summary>
/// The Reports API keeps 180 days and refuses to be asked for more ("Invalid request: Start time and end
/// time should be within last 180 days"): a first run from further back, or a restart after longer
/// downtime, must still collect what Google has.
/// </summary>
public class GwsRetentionTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    // Google's answer to a range reaching back over 180 days; any other request as FakeReports answers it.
    private static FakeResponse Reports(FakeReports reports, RecordedRequest r) =>
        Param(r, "startTime") < Now.AddDays(-180)
            ? FakeResponse.Json("""{"error":{"code":400,"message":"Invalid request: Start time and end time should be within last 180 days. Start time should be less than end time.","status":"INVALID_ARGUMENT"}}""", 400)
            : reports.Answer(r);

    private static string Config(FakeVendorServer api, string application, string start) => $"""
        application: {application}
        url: {api.Url("/")}
        from: "{start}"
        auth:
          type: bearer
          token_env: GWS_ACCESS_TOKEN
        """;

    [Fact]
    public async Task A_source_starting_200_days_back_collects_what_google_keeps_instead_of_failing_every_cycle()
    {
        var reports = new FakeReports().Deliver(Now.AddDays(-170), "old").Deliver(Now.AddDays(-1), "recent");
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(LoginPath, r => Reports(reports, r));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api, "login", Now.AddDays(-200).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)), api, new TestEnvironment());
        harness.Time = new ManualClock(Now);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "recent", "old" }, cycle.Qualifiers());
        Assert.Contains(cycle.Log, l => l.Contains("180 days"));
    }

    [Fact]
    public async Task A_gmail_source_back_after_200_days_down_in_the_middle_of_a_window_collects_again()
    {
        // "a" and "b" share the first 30-day window, written newest first.
        var reports = new FakeReports().Deliver(Now.AddDays(-175), "a").Deliver(Now.AddDays(-150), "b").Deliver(Now.AddDays(-1), "c");
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/admin/reports/v1/activity/users/all/applications/gmail", r => Reports(reports, r));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api, "gmail", Now.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)), api, new TestEnvironment());
        harness.Time = new ManualClock(Now);
        // Stopped 200 days ago part way through a window, with a page token and the window's progress.
        harness.SetState("window_end", "2023-11-01T00:00:00Z");
        harness.SetState("window_start_pending", "2023-10-31T23:50:00Z");
        harness.SetState("window_end_pending", "2023-11-10T00:00:00Z");
        harness.SetState("page_token", "p:1");
        harness.SetState("window_edge", "2023-11-05T00:00:00.0000000Z");

        var cycles = await harness.RunCyclesAsync(8);

        Assert.All(cycles, c => Assert.Null(c.Error));
        Assert.Equal(new[] { "b", "a", "c" }, cycles.SelectMany(c => c.Qualifiers()).ToArray());
    }
}
