using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using static Helr.EndToEnd.Tests.Support.StreamedPages;

namespace Helr.EndToEnd.Tests.Polling;

/// <summary>
/// A streamed page that breaks half-way writes nothing of itself: its lines wait in the spool (here
/// spilled to a file) until the page is known to parse, and the checkpoint never passes it.
/// </summary>
public sealed class StreamedPageFailureTests
{
    // Valid for its first few hundred KB (streamed and spilled by then), then not JSON.
    private static readonly string Malformed = CursorPage(Events("bad", 0, 3000), "c3").Replace("\"next\":\"c3\"}", "\"next\":c3}");

    [Fact]
    public async Task Under_on_parse_error_fail_a_page_malformed_after_its_lines_spilled_writes_none_of_them_and_fails()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/audit", r => FakeResponse.Json(r.Param("cursor") == "c2" ? Malformed : CursorPage(Event("ok-1", 1), "c2")));
        using var dir = new TempDir();
        using var spool = new TempDir();
        var (config, output) = Config(dir, api, "fail");

        var result = await HelrProcess.RunAsync($"run --once -c {config} --output {output}", dir.Path, env: Env(spool.Path));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("spilled to a temporary file", result.Stderr);
        Assert.Contains("cannot read events from", result.Stderr);
        Assert.Equal(new[] { "ok-1" }, Ndjson.Parse(await File.ReadAllTextAsync(output)).EventField("id"));
        // The cursor line itself: the query hash beside it (cursor_query) may contain "c2" too.
        Assert.Contains("  cursor: c2\n", (await HelrProcess.RunAsync($"state show audit -c {config}", dir.Path)).Stdout);
        Assert.Empty(Directory.EnumerateFileSystemEntries(spool.Path));
    }

    [Fact]
    public async Task Under_on_parse_error_skip_a_page_malformed_after_its_lines_spilled_is_skipped_whole()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[" + Event("ok-1", 1) + "]").WithNext(api.Url("/logs/2")));
        api.OnGet("/logs/2", _ => FakeResponse.Json("[" + Events("bad", 0, 3000) + ",{\"id\":]").WithNext(api.Url("/logs/3")));
        api.OnGet("/logs/3", _ => FakeResponse.Json("[" + Event("ok-3", 3) + "]"));
        using var dir = new TempDir();
        using var spool = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              logs:
                url: {api.Url("/logs")}
                on_parse_error: skip
                pagination:
                  strategy: link_header
            """);
        var output = dir.File("events.ndjson");

        var result = await HelrProcess.RunAsync($"run --once -c {config} --output {output}", dir.Path, env: Env(spool.Path));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("spilled to a temporary file", result.Stderr);
        Assert.Contains("could not be parsed", result.Stderr);
        Assert.Equal(new[] { "ok-1", "ok-3" }, Ndjson.Parse(await File.ReadAllTextAsync(output)).EventField("id"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(spool.Path));
    }

    [Fact]
    public async Task A_process_killed_mid_page_wrote_nothing_of_it_and_the_restart_writes_it_once()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var page = CursorPage(Events("big", 0, 3000), "");
        var stall = true;
        api.OnGet("/audit", r => r.Param("cursor") is null
            ? FakeResponse.Json(CursorPage(Event("first", 0), "c2"))
            : Volatile.Read(ref stall) ? FakeResponse.Json(page) with { StallAfterBytes = page.Length / 2 } : FakeResponse.Json(page));
        using var dir = new TempDir();
        using var spool = new TempDir();
        var (config, output) = Config(dir, api, "fail");

        await using (var helr = HelrProcess.Start($"run --once -c {config} --output {output}", dir.Path, Env(spool.Path)))
        {
            await helr.WaitForStderrAsync("spilled to a temporary file", TimeSpan.FromSeconds(60));
            helr.Signal("KILL");
            await helr.WaitAsync(TimeSpan.FromSeconds(30));
        }
        // The spool file was unlinked when created: the kill leaves nothing behind.
        Assert.Empty(Directory.EnumerateFileSystemEntries(spool.Path));
        // Nothing of the page in flight; the page before it may or may not have been checkpointed yet.
        Assert.All(Ndjson.Parse(await File.ReadAllTextAsync(output)).EventField("id"), id => Assert.Equal("first", id));

        Volatile.Write(ref stall, false);
        var again = await HelrProcess.RunAsync($"run --once -c {config} --output {output}", dir.Path, env: Env(spool.Path));
        Assert.True(again.ExitCode == 0, again.ToString());
        var ids = Ndjson.Parse(await File.ReadAllTextAsync(output)).EventField("id");
        Assert.Equal(Enumerable.Range(0, 3000).Select(i => $"big-{i}"), ids.Where(id => id != "first"));
        Assert.Contains("first", ids);
    }

    [Fact]
    public async Task A_read_that_breaks_off_mid_page_and_is_retried_writes_the_page_once()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var page = "[" + Events("r", 0, 3000) + "]";
        var served = 0;
        api.OnGet("/logs", _ => Interlocked.Increment(ref served) == 1
            ? FakeResponse.Json(page) with { AbortAfterBytes = page.Length * 2 / 3 }
            : FakeResponse.Json(page));
        using var dir = new TempDir();
        using var spool = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              logs:
                url: {api.Url("/logs")}
                transform:
                  id_field: id
                state:
                  watermark_field: published
                  watermark_param: since
                resilience:
                  retries:
                    max_attempts: 3
                    initial_backoff_secs: 0
            """);

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env(spool.Path));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, served);
        Assert.Contains("spilled to a temporary file", result.Stderr);
        Assert.Equal(Enumerable.Range(0, 3000).Select(i => $"r-{i}"), result.Lines.EventField("id"));
    }

    [Theory]
    [InlineData(3000)] // the retry streams the page again
    [InlineData(200)] // the retry is small and read whole: the cycle sees it through OnPage
    public async Task A_read_that_breaks_off_mid_page_leaves_no_dedupe_id_nor_watermark_behind(int retried)
    {
        await using var api = await FakeVendorServer.StartAsync();
        var page = "[" + Events("r", 0, 3000) + "]";
        var served = 0;
        api.OnGet("/logs", _ => Interlocked.Increment(ref served) == 1
            ? FakeResponse.Json(page) with { AbortAfterBytes = page.Length * 2 / 3 }
            : FakeResponse.Json("[" + Events("r", 0, retried) + "]"));
        using var dir = new TempDir();
        using var spool = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              logs:
                url: {api.Url("/logs")}
                dedupe:
                  id_path: id
                state:
                  watermark_field: published
                  watermark_param: since
                resilience:
                  retries:
                    max_attempts: 3
                    initial_backoff_secs: 0
            """);

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env(spool.Path));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, served);
        Assert.Contains("spilled to a temporary file", result.Stderr); // the first read's windows were rendered
        Assert.Equal(Enumerable.Range(0, retried).Select(i => $"r-{i}"), result.Lines.EventField("id"));
        var state = (await HelrProcess.RunAsync($"state show logs -c {config}", dir.Path)).Stdout;
        // The watermark is the newest event written, not one the broken-off read showed the cycle.
        Assert.Contains(Event("x", retried - 1).Split('"')[7], state);
        Assert.Contains($"(dedupe window: {retried} event ids)", state);
    }

    private static (string Config, string Output) Config(TempDir dir, FakeVendorServer api, string onParseError) => (dir.Write("helr.yaml", $"""
        {dir.SqliteStateGlobal}
        sources:
          audit:
            url: {api.Url("/audit")}
            on_parse_error: {onParseError}
            pagination:
              strategy: cursor
              cursor_param: cursor
              cursor_path: next
        """), dir.File("events.ndjson"));
}
