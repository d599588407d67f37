using System.Globalization;
using Helr.PluginSdk.Time;
using Helr.Plugins.Gws.Tests.Support;

namespace Helr.Plugins.Gws.Tests;

/// <summary>The lag window: each window asks again for the last lag_secs of the previous one, and every activity is written once.</summary>
public class GwsOverlapTests
{
    internal const string LoginPath = "/admin/reports/v1/activity/users/all/applications/login";

    internal static string Config(FakeVendorServer api, DateTimeOffset from, string extra = "") => $"""
        application: login
        url: {api.Url("/")}
        from: "{from:yyyy-MM-dd'T'HH:mm:ss'Z'}"
        lag_secs: 3600
        auth:
          type: bearer
          token_env: GWS_ACCESS_TOKEN
        resilience:
          retries:
            max_attempts: 2
            initial_backoff_secs: 0
        {extra}
        """;

    internal static DateTimeOffset Param(RecordedRequest r, string name) => DateTimeOffset.Parse(r.Param(name)!, CultureInfo.InvariantCulture);

    // As if the last window had ended ten minutes earlier: the next cycle has ten minutes of new time to ask for.
    private static void TenMinutesLater(SourceHarness harness)
    {
        var end = DateTimeOffset.Parse(harness.State["window_end"], CultureInfo.InvariantCulture).AddMinutes(-10);
        harness.SetState("window_end", end.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_late_activity_inside_the_overlap_is_written_exactly_once_including_across_a_restart()
    {
        var now = DateTimeOffset.UtcNow;
        var end1 = now.AddHours(-1); // roughly where the first window ends (now − lag_secs)
        var reports = new FakeReports()
            .Deliver(end1.AddHours(-3), "100")        // before any overlap
            .Deliver(end1.AddMinutes(-30), "200");    // inside the next window's overlap: asked for twice
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(LoginPath, reports.Answer);
        var config = Config(api, now.AddHours(-5));
        IReadOnlyDictionary<string, string> saved;
        HarnessCycle first, second;
        using (var before = SourceHarness.Create(new GwsSourceType(), config, api, new TestEnvironment()))
        {
            first = await before.RunCycleAsync();
            reports.Deliver(end1.AddMinutes(-20), "300"); // late: its time is inside the first window, it shows up only now
            TenMinutesLater(before);
            second = await before.RunCycleAsync();
            reports.Deliver(end1.AddMinutes(-5), "400");
            TenMinutesLater(before);
            saved = before.State;
        }

        // A new process: only the stored state carries over.
        using var after = SourceHarness.Create(new GwsSourceType(), config, api, new TestEnvironment());
        foreach (var (key, value) in saved) after.SetState(key, value);
        var third = await after.RunCycleAsync();

        Assert.Equal(new[] { "200", "100" }, first.Qualifiers()); // newest first, as Google sends them
        Assert.Equal(new[] { "300" }, second.Qualifiers());       // 200 was asked for again, not written again
        Assert.Equal(new[] { "400" }, third.Qualifiers());        // 200 and 300 again, after a restart
        var window1End = Param(first.Requests[0], "endTime");
        Assert.Equal(window1End.AddMinutes(-10).AddHours(-1), Param(second.Requests[0], "startTime"));
        Assert.Null(third.Error);
    }

    [Fact]
    public async Task The_window_end_watermark_and_overlap_memory_are_stored_only_when_the_last_page_is_written()
    {
        var now = DateTimeOffset.UtcNow;
        var reports = new FakeReports();
        for (var i = 1; i <= 5; i++) reports.Deliver(now.AddHours(-1).AddMinutes(-20 * i), i.ToString(CultureInfo.InvariantCulture));
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(LoginPath, reports.Answer);
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api, now.AddHours(-5), "max_results: 2\nmax_pages: 2"), api, new TestEnvironment());

        var cut = await harness.RunCycleAsync();

        Assert.Equal(new[] { "1", "2", "3", "4" }, cut.Qualifiers());
        Assert.False(cut.State.ContainsKey("window_end"));
        Assert.False(cut.State.ContainsKey("watermark"));
        Assert.Equal("p:4", cut.State["page_token"]);

        var rest = await harness.RunCycleAsync();

        // The same window, from the stored page token; Google wants the same startTime/endTime with it.
        Assert.Equal(cut.Requests[0].Param("startTime"), rest.Requests[0].Param("startTime"));
        Assert.Equal(cut.Requests[0].Param("endTime"), rest.Requests[0].Param("endTime"));
        Assert.Equal("p:4", rest.Requests[0].Param("pageToken"));
        Assert.Equal(new[] { "5" }, rest.Qualifiers());
        Assert.Equal(cut.Requests[0].Param("endTime"), rest.State["window_end"]);
        Assert.Equal(FakeReports.Time(now.AddHours(-1).AddMinutes(-20)), rest.State["watermark"]);
        Assert.Equal("", rest.State["page_token"]);
        // Only what the next window asks for again (from one lag before this window's end) is remembered.
        Assert.Contains("|1", rest.State["overlap_ids"]);
        Assert.Contains("|2", rest.State["overlap_ids"]);
        Assert.DoesNotContain("|4", rest.State["overlap_ids"]);
        Assert.DoesNotContain("|5", rest.State["overlap_ids"]);
    }

    [Fact]
    public async Task A_rejected_page_token_starts_the_window_again_without_writing_anything_twice()
    {
        var now = DateTimeOffset.UtcNow;
        var reports = new FakeReports().Deliver(now.AddHours(-1).AddMinutes(-5), "a").Deliver(now.AddHours(-1).AddMinutes(-6), "b");
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(LoginPath, r => r.Param("pageToken") == "stale" ? FakeResponse.Json("""{"error":{"code":400,"message":"Invalid pageToken"}}""", 400) : reports.Answer(r));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api, now.AddHours(-5), "max_results: 1\nmax_pages: 1"), api, new TestEnvironment());
        var cut = await harness.RunCycleAsync();
        harness.SetState("page_token", "stale");

        var restarted = await harness.RunCycleAsync();

        Assert.Equal(new[] { "a" }, cut.Qualifiers());
        Assert.Null(restarted.Error);
        Assert.Null(restarted.Requests[1].Param("pageToken"));
        Assert.Empty(restarted.Lines); // "a" again, recognised; max_pages stops before "b"
        Assert.Contains(restarted.Log, l => l.Contains("rejected the page token"));
    }

    [Fact]
    public async Task A_page_token_rejected_in_a_later_cycle_asks_again_only_for_what_was_not_written()
    {
        var now = DateTimeOffset.UtcNow;
        var third = Rfc3339.TruncateToSeconds(now.AddHours(-3)).AddMilliseconds(500); // mid-second: the edge's second is asked for again
        // All before the next window's overlap (from an hour before this one's end): only the restart could repeat them.
        var reports = new FakeReports().Deliver(third, "3").Deliver(third, "3x").Deliver(now.AddHours(-4), "2").Deliver(now.AddHours(-4.5), "1");
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(LoginPath, r => r.Param("pageToken") == "stale" ? FakeResponse.Json("""{"error":{"code":400,"message":"Invalid pageToken"}}""", 400) : reports.Answer(r));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api, now.AddHours(-5), "max_results: 1\nmax_pages: 1"), api, new TestEnvironment());
        var cut = await harness.RunCycleAsync();
        harness.SetState("page_token", "stale"); // the token expired between cycles

        var written = new List<string?>(cut.Qualifiers());
        var restarted = await harness.RunCycleAsync();
        written.AddRange(restarted.Qualifiers());
        for (var i = 0; i < 10 && harness.State.GetValueOrDefault("page_token") is { Length: > 0 }; i++) written.AddRange((await harness.RunCycleAsync()).Qualifiers());

        Assert.Equal(new[] { "3" }, cut.Qualifiers());
        Assert.Null(restarted.Error);
        Assert.Equal(new[] { "3", "3x", "2", "1" }, written); // each once, none lost
        // The restart asks up to the end of the written edge's second, not for the whole window again.
        Assert.Equal(third.AddMilliseconds(500), Param(restarted.Requests[1], "endTime"));
        Assert.Equal(cut.Requests[0].Param("startTime"), restarted.Requests[1].Param("startTime"));
    }
    [Fact]
    public async Task A_page_token_rejected_at_a_whole_second_edge_loses_nothing_when_Google_leaves_out_activities_at_endTime()
    {
        var now = DateTimeOffset.UtcNow;
        var third = Rfc3339.TruncateToSeconds(now.AddHours(-3)); // the oldest written activity is at a whole second
        // Whether endTime includes its own instant is undocumented: this API leaves it out, so "3x" (the same
        // second as the written "3", on the page the rejected token pointed to) came back only if asked for past it.
        var reports = new FakeReports(excludesEnd: true).Deliver(third, "3").Deliver(third, "3x").Deliver(now.AddHours(-4), "2").Deliver(now.AddHours(-4.5), "1");
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(LoginPath, r => r.Param("pageToken") == "stale" ? FakeResponse.Json("""{"error":{"code":400,"message":"Invalid pageToken"}}""", 400) : reports.Answer(r));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api, now.AddHours(-5), "max_results: 1\nmax_pages: 1"), api, new TestEnvironment());
        var cut = await harness.RunCycleAsync();
        harness.SetState("page_token", "stale");

        var written = new List<string?>(cut.Qualifiers());
        var restarted = await harness.RunCycleAsync();
        written.AddRange(restarted.Qualifiers());
        for (var i = 0; i < 10 && harness.State.GetValueOrDefault("page_token") is { Length: > 0 }; i++) written.AddRange((await harness.RunCycleAsync()).Qualifiers());

        Assert.Equal(new[] { "3" }, cut.Qualifiers());
        Assert.Null(restarted.Error);
        Assert.Equal(new[] { "3", "3x", "2", "1" }, written); // each once, none lost
        // One second past the edge: the overlap memory holds what was written of it.
        Assert.Equal(third.AddSeconds(1), Param(restarted.Requests[1], "endTime"));
    }
}
