using Helr.Plugins.OnePassword.Tests.Support;
using static Helr.Plugins.OnePassword.Tests.OnePasswordCollectionTests;

namespace Helr.Plugins.OnePassword.Tests;

/// <summary>Where a cycle that stopped early, or a new process, picks up.</summary>
public class OnePasswordResumeTests
{
    private const string Cursor1 = "aGVsbG8hIGlzIGl0IG1lIHlvdSBhcmUgbG9va2luZyBmb3IK";

    [Fact]
    public async Task A_restart_between_pages_resumes_from_the_cursor_of_the_last_written_page()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var down = true;
        api.OnPost("/api/v2/auditevents", r => down && r.Body.Contains(Cursor1)
            ? FakeResponse.Json("""{"Error":{"Message":"Service Unavailable"}}""", 503)
            : TwoPages(r));
        IReadOnlyDictionary<string, string> saved;
        using (var before = SourceHarness.Create(new OnePasswordSourceType(), Config(api), api, new TestEnvironment()))
        {
            var failed = await before.RunCycleAsync();
            Assert.Contains("503", failed.Error);
            Assert.Equal(2, failed.Lines.Count);
            Assert.Equal(Cursor1, failed.State["cursor"]);
            saved = failed.State;
        }
        down = false;

        // A new process: a new source, a new kernel runner, only the stored state carried over.
        using var after = SourceHarness.Create(new OnePasswordSourceType(), Config(api), api, new TestEnvironment());
        foreach (var (key, value) in saved) after.SetState(key, value);
        var resumed = await after.RunCycleAsync();

        Assert.Null(resumed.Error);
        Assert.Equal($$"""{"cursor":"{{Cursor1}}"}""", resumed.Requests[0].Body);
        Assert.Equal(new[] { "TMVU3JZAQVH4PFUTTSXRN4NYAY" }, resumed.EventField("uuid"));
    }

    [Fact]
    public async Task Max_pages_ends_the_cycle_and_the_next_one_continues_with_the_cursor()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/api/v2/auditevents", TwoPages);
        using var harness = SourceHarness.Create(new OnePasswordSourceType(), Config(api, "max_pages: 1"), api, new TestEnvironment());

        var cycles = await harness.RunCyclesAsync(2);

        Assert.Single(cycles[0].Requests);
        Assert.Equal(Cursor1, cycles[0].State["cursor"]);
        Assert.False(cycles[0].State.ContainsKey("watermark")); // the traversal is not complete yet
        Assert.Contains(Cursor1, cycles[1].Requests[0].Body);
        Assert.Equal("2023-03-15T16:40:11Z", cycles[1].State["watermark"]);
    }

    [Fact]
    public async Task A_rejected_cursor_restarts_from_the_newest_timestamp_written_and_dedupe_drops_the_repeat()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/api/v2/auditevents", r => r.Body.Contains("stale")
            ? FakeResponse.Json("""{"Error":{"Message":"Invalid cursor"}}""", 400)
            : r.Body.Contains("start_time\":\"2023-03-15T16:40:11Z")
                ? FakeResponse.Json(PluginTestFiles.Read("auditevents-page2.json"))
                : TwoPages(r));
        using var harness = SourceHarness.Create(new OnePasswordSourceType(), Config(api), api, new TestEnvironment());
        await harness.RunCycleAsync();
        harness.SetState("cursor", "stale");

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal("""{"limit":1000,"start_time":"2023-03-15T16:40:11Z"}""", cycle.Requests[1].Body);
        Assert.Empty(cycle.Lines); // the boundary event was written by the first cycle
        Assert.Contains(cycle.Log, l => l.Contains("rejected"));
    }

    [Fact]
    public async Task A_rejected_cursor_restarts_from_the_newest_instant_written_whatever_the_timestamps_format()
    {
        // 16:40:12-03:00 is 19:40:12Z, a second after the other event, though it sorts first as text.
        const string page = """
            {"cursor":"done","has_more":false,"items":[
              {"uuid":"EARLIER","timestamp":"2023-03-15T19:40:11Z"},
              {"uuid":"LATER","timestamp":"2023-03-15T16:40:12-03:00"}]}
            """;
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/api/v2/auditevents", r => r.Body.Contains("stale")
            ? FakeResponse.Json("""{"Error":{"Message":"Invalid cursor"}}""", 400)
            : r.Body.Contains("start_time") && !r.Body.Contains("2023-03-01") ? FakeResponse.Json(PluginTestFiles.Read("empty.json")) : FakeResponse.Json(page));
        using var harness = SourceHarness.Create(new OnePasswordSourceType(), Config(api), api, new TestEnvironment());
        await harness.RunCycleAsync();
        harness.SetState("cursor", "stale");

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal("""{"limit":1000,"start_time":"2023-03-15T19:40:12Z"}""", cycle.Requests[1].Body);
    }

    [Fact]
    public async Task A_cursor_rejected_again_after_the_reset_fails_the_cycle_instead_of_resetting_until_max_pages()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/api/v2/auditevents", r => r.Body.Contains("\"cursor\"")
            ? FakeResponse.Json("""{"Error":{"Message":"Invalid cursor"}}""", 400)
            : FakeResponse.Json("""{"cursor":"c1","has_more":true,"items":[{"uuid":"U1","timestamp":"2023-03-15T16:40:11Z"}]}"""));
        using var harness = SourceHarness.Create(new OnePasswordSourceType(), Config(api), api, new TestEnvironment());
        harness.SetState("cursor", "stale");

        var cycle = await harness.RunCycleAsync();

        Assert.Contains("400", cycle.Error);
        Assert.Equal(3, cycle.Requests.Count); // the stale cursor, the reset, the new cursor
        Assert.Single(cycle.Lines);
        Assert.Equal("c1", cycle.State["cursor"]);
    }

    [Fact]
    public async Task With_on_cursor_error_fail_a_rejected_cursor_fails_the_cycle()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/api/v2/auditevents", _ => FakeResponse.Json("""{"Error":{"Message":"Invalid cursor"}}""", 400));
        using var harness = SourceHarness.Create(new OnePasswordSourceType(), Config(api, "on_cursor_error: fail"), api, new TestEnvironment());
        harness.SetState("cursor", "stale");

        var cycle = await harness.RunCycleAsync();

        Assert.Contains("400", cycle.Error);
        Assert.Equal("stale", cycle.State["cursor"]);
    }
}
