using Helr.Plugins.Gws.Tests.Support;
using static Helr.Plugins.Gws.Tests.GwsOverlapTests;

namespace Helr.Plugins.Gws.Tests;

/// <summary>
/// An activity exactly at a window's end: Google's endTime and the next window's range both include
/// it, so it is asked for twice and must be written once, also when the next window is cut short by
/// max_pages and finished by a new process.
/// </summary>
public class GwsWindowBoundaryTests
{
    private static readonly DateTimeOffset Start = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_activity_at_exactly_the_last_window_end_is_not_written_again_when_the_next_window_resumes_after_a_restart()
    {
        var end1 = Start.AddHours(-1); // the first window ends at now − lag_secs
        var reports = new FakeReports().Deliver(end1.AddHours(-1), "a").Deliver(end1, "x");
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(LoginPath, reports.Answer);
        var clock = new ManualClock(Start);
        IReadOnlyDictionary<string, string> saved;
        HarnessCycle cut;
        using (var before = SourceHarness.Create(new GwsSourceType(), Config(api, Start.AddHours(-5), "max_results: 1\nmax_pages: 1"), api, new TestEnvironment()))
        {
            before.Time = clock;
            var first = await before.RunCyclesAsync(2); // one activity per page, one page per cycle
            Assert.Equal(new[] { "x", "a" }, first.SelectMany(c => c.Qualifiers()).ToArray());
            Assert.Equal(end1, Param(first[0].Requests[0], "endTime"));
            Assert.Equal("", first[1].State["page_token"]); // the first window is complete

            // Two hours later: more new time than lag_secs, so the next window is longer than its overlap.
            clock.Now = Start.AddHours(2);
            reports.Deliver(end1.AddMinutes(90), "b").Deliver(end1.AddMinutes(30), "c");
            cut = await before.RunCycleAsync(); // one page of the window: "b", the newest
            saved = before.State;
        }
        Assert.Equal(new[] { "b" }, cut.Qualifiers());
        Assert.Equal("p:1", saved["page_token"]);

        using var after = SourceHarness.Create(new GwsSourceType(), Config(api, Start.AddHours(-5), "max_results: 1"), api, new TestEnvironment());
        after.Time = clock;
        foreach (var (key, value) in saved) after.SetState(key, value);
        var resumed = await after.RunCycleAsync();

        Assert.Null(resumed.Error);
        Assert.Equal(new[] { "c" }, resumed.Qualifiers()); // "x" and "a" were written by the first window
    }
    [Fact]
    public async Task A_page_token_rejected_with_the_edge_at_exactly_the_window_end_asks_no_further_than_that_end()
    {
        var end1 = Start.AddHours(-1);
        var reports = new FakeReports().Deliver(end1, "x").Deliver(end1, "x2").Deliver(end1.AddHours(-1), "a");
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(LoginPath, r => r.Param("pageToken") == "stale" ? FakeResponse.Json("""{"error":{"code":400,"message":"Invalid pageToken"}}""", 400) : reports.Answer(r));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api, Start.AddHours(-5), "max_results: 1\nmax_pages: 1"), api, new TestEnvironment());
        harness.Time = new ManualClock(Start);
        var cut = await harness.RunCycleAsync();
        harness.SetState("page_token", "stale");

        var written = new List<string?>(cut.Qualifiers());
        var restarted = await harness.RunCycleAsync();
        written.AddRange(restarted.Qualifiers());
        for (var i = 0; i < 10 && harness.State.GetValueOrDefault("page_token") is { Length: > 0 }; i++) written.AddRange((await harness.RunCycleAsync()).Qualifiers());

        Assert.Equal(new[] { "x", "x2", "a" }, written);
        // The window's own end, as its first request asked: the next second belongs to the next window.
        Assert.Equal(end1, Param(restarted.Requests[1], "endTime"));
    }
}
