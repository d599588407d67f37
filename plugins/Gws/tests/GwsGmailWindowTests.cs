using System.Globalization;
using Helr.Plugins.Gws.Tests.Support;
using static Helr.Plugins.Gws.Tests.GwsOverlapTests;

namespace Helr.Plugins.Gws.Tests;

/// <summary>
/// Gmail's activities.list refuses a range longer than 30 days ("Start time and end time should both be
/// provided, and the scan duration should not be greater than 30 days"): a first run from further back,
/// or downtime of more than 30 days, must still collect.
/// </summary>
public class GwsGmailWindowTests
{
    private const string GmailPath = "/admin/reports/v1/activity/users/all/applications/gmail";
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    // Google's answer to a gmail range over 30 days; any other request as FakeReports answers it.
    private static FakeResponse Gmail(FakeReports reports, RecordedRequest r) =>
        Param(r, "endTime") - Param(r, "startTime") > TimeSpan.FromDays(30)
            ? FakeResponse.Json("""{"error":{"code":400,"message":"Invalid request: Start time and end time should both be provided, and the scan duration should not be greater than 30 days.","status":"INVALID_ARGUMENT"}}""", 400)
            : reports.Answer(r);

    [Fact]
    public async Task A_gmail_source_starting_60_days_back_collects_in_windows_of_at_most_30_days()
    {
        var reports = new FakeReports().Deliver(Now.AddDays(-45), "old").Deliver(Now.AddDays(-2), "recent");
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(GmailPath, r => Gmail(reports, r));
        var from = Now.AddDays(-60).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        using var harness = SourceHarness.Create(new GwsSourceType(), $"""
            application: gmail
            url: {api.Url("/")}
            from: "{from}"
            auth:
              type: bearer
              token_env: GWS_ACCESS_TOKEN
            """, api, new TestEnvironment());
        harness.Time = new ManualClock(Now);

        var cycles = await harness.RunCyclesAsync(3);

        Assert.All(cycles, c => Assert.Null(c.Error));
        Assert.Equal(new[] { "old", "recent" }, cycles.SelectMany(c => c.Qualifiers()).ToArray());
        Assert.All(cycles.SelectMany(c => c.Requests), r => Assert.True(Param(r, "endTime") - Param(r, "startTime") <= TimeSpan.FromDays(30)));
        Assert.Equal(Now.AddSeconds(-600), DateTimeOffset.Parse(cycles[^1].State["window_end"], CultureInfo.InvariantCulture));
    }
}
