using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.State;

/// <summary>Runs that follow each other through a SQLite state file: nothing twice, nothing skipped.</summary>
public sealed class StateResumeTests
{
    private static string SqliteConfig(TempDir dir, string source) => dir.Write("helr.yaml", $"""
        global:
          state:
            backend: sqlite
            path: {dir.File("state/helr.db")}
        sources:
        {source}
        """);

    [Theory]
    [InlineData("link_header")]
    [InlineData("cursor")]
    public async Task Consecutive_runs_over_a_growing_api_emit_every_event_exactly_once(string strategy)
    {
        await using var api = await FakeVendorServer.StartAsync();
        var log = new GrowingLog(5);
        string source;
        if (strategy == "link_header")
        {
            log.ServeLinkHeader(api, "/api/v1/logs");
            source = $"""
                  okta:
                    url: {api.Url("/api/v1/logs")}
                    query_params:
                      limit: 2
                    pagination:
                      strategy: link_header
                """;
        }
        else
        {
            log.ServeCursor(api, "/api/v1/logs", limit: 2);
            source = $"""
                  okta:
                    url: {api.Url("/api/v1/logs")}
                    pagination:
                      strategy: cursor
                      cursor_param: cursor
                      cursor_path: next
                """;
        }
        using var dir = new TempDir();
        var config = SqliteConfig(dir, source);

        var emitted = new List<string>();
        var run1 = await HelrProcess.RunOnceAsync(config, dir);
        emitted.AddRange(run1.Lines.EventField("id"));
        Assert.Equal(log.Ids, emitted);

        log.Add(4);
        var run2 = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "e6", "e7", "e8", "e9" }, run2.Lines.EventField("id"));
        emitted.AddRange(run2.Lines.EventField("id"));

        // Nothing new: a third run emits nothing.
        var run3 = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Empty(run3.Lines);

        log.Add(1);
        var run4 = await HelrProcess.RunOnceAsync(config, dir);
        emitted.AddRange(run4.Lines.EventField("id"));

        Assert.Equal(log.Ids, emitted);
    }

    [Theory]
    [InlineData("per_page")]
    [InlineData("end_of_tick")]
    public async Task When_a_later_page_fails_per_page_keeps_completed_pages_and_end_of_tick_writes_nothing(string checkpoint)
    {
        await using var api = await FakeVendorServer.StartAsync();
        var page3Fails = true;
        api.OnGet("/logs", r => r.Param("page") switch
        {
            null => FakeResponse.Json("""[{"id":"p1"}]""").WithNext(api.Url("/logs?page=2")),
            "2" => FakeResponse.Json("""[{"id":"p2"}]""").WithNext(api.Url("/logs?page=3")),
            "3" when Volatile.Read(ref page3Fails) => FakeResponse.Json("""{"error":"temporarily unavailable"}""", 503),
            "3" => FakeResponse.Json("""[{"id":"p3"}]""").WithNext(api.Url("/logs?page=4")),
            _ => FakeResponse.Json("[]").WithNext(api.Url("/logs?page=4")),
        });
        using var dir = new TempDir();
        var config = SqliteConfig(dir, $"""
              s1:
                url: {api.Url("/logs")}
                checkpoint: {checkpoint}
                pagination:
                  strategy: link_header
            """);

        var failed = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("503", failed.Stderr);
        // Pages 1 and 2 were written either way: output never waits for the checkpoint.
        Assert.Equal(new[] { "p1", "p2" }, failed.Lines.EventField("id"));
        var stored = await StateCli.ShowAsync(config, "s1");
        if (checkpoint == "per_page")
            Assert.Matches($"^s1\n  next_url: {System.Text.RegularExpressions.Regex.Escape(api.Url("/logs?page=3"))}\n  next_url_query: [0-9a-f]{{32}}\n$", stored);
        else
            Assert.Equal("s1 (no state)\n", stored);

        Volatile.Write(ref page3Fails, false);
        var retry = await HelrProcess.RunOnceAsync(config, dir);
        // per_page resumes at the failed page; end_of_tick repeats the whole cycle (a repeat, never a gap).
        var expected = checkpoint == "per_page" ? new[] { "p3" } : new[] { "p1", "p2", "p3" };
        Assert.Equal(expected, retry.Lines.EventField("id"));
        Assert.Equal(api.Url("/logs?page=4"), await StateCli.GetAsync(config, "s1", "next_url"));
    }

    [Fact]
    public async Task Helr_test_starts_from_stored_state_and_writes_none()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var log = new GrowingLog(6);
        log.ServeLinkHeader(api, "/logs");
        using var dir = new TempDir();
        var config = SqliteConfig(dir, $"""
              s1:
                url: {api.Url("/logs")}
                query_params:
                  limit: 2
                pagination:
                  strategy: link_header
                  max_pages: 1
            """);
        var run = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "e1", "e2" }, run.Lines.EventField("id"));
        var before = await StateCli.ShowAsync(config, "s1");
        var exportBefore = await HelrProcess.RunAsync($"state export -c {config}", dir.Path);
        Assert.Contains("after=e2", before);

        for (var i = 0; i < 2; i++)
        {
            var test = await HelrProcess.RunAsync($"test --source s1 -c {config}", dir.Path);
            Assert.True(test.ExitCode == 0, test.ToString());
            // Each test starts where the stored state says, not where the previous test stopped.
            Assert.Equal(new[] { "e3", "e4" }, test.Lines.EventField("id"));
            Assert.Equal(before, await StateCli.ShowAsync(config, "s1"));
        }
        Assert.Equal("?after=e2&limit=2", api.Requests[1].QueryString);
        Assert.Equal("?after=e2&limit=2", api.Requests[2].QueryString);
        var exportAfter = await HelrProcess.RunAsync($"state export -c {config}", dir.Path);
        Assert.Equal(exportBefore.Stdout, exportAfter.Stdout);

        var next = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);
        Assert.Equal(new[] { "e3", "e4" }, next.Lines.EventField("id"));
    }

    [Fact]
    public async Task Helr_test_without_a_state_file_does_not_create_one()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"t1"}]"""));
        using var dir = new TempDir();
        var config = SqliteConfig(dir, $"""
              s1:
                url: {api.Url("/logs")}
                pagination:
                  strategy: link_header
            """);
        var test = await HelrProcess.RunAsync($"test --source s1 -c {config}", dir.Path);
        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Equal(new[] { "t1" }, test.Lines.EventField("id"));
        Assert.False(File.Exists(dir.File("state/helr.db")), "helr test created the state file");
    }
}
