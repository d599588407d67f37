using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using static Helr.EndToEnd.Tests.Support.StreamedPages;

namespace Helr.EndToEnd.Tests.Polling;

/// <summary>
/// Large pages of a declarative source are streamed (docs/performance.md): the output and the state
/// are those of the same pages read whole, and nothing of a page is written before it is known to parse.
/// </summary>
public sealed class StreamedPageTests
{
    [Fact]
    public async Task A_streamed_page_writes_the_bytes_and_state_of_the_same_page_read_whole()
    {
        await using var api = await FakeVendorServer.StartAsync();
        // Page 2 repeats a-2999 (dedupe across pages) and b-5 (dedupe within the streamed page).
        var first = CursorPage(Events("a", 0, 3000), "c2");
        var second = CursorPage(Events("b", 3000, 6000) + ",\n  " + Event("a-2999", 2999) + ",\n  " + Event("b-3005", 3005), "");
        api.OnGet("/audit", r => FakeResponse.Json(r.Param("cursor") == "c2" ? second : first));

        var whole = await RunAsync(api, env: null);
        using var spool = new TempDir();
        var streamed = await RunAsync(api, Env(spool.Path));

        Assert.Contains("was streamed", streamed.Stderr);
        Assert.Contains("spilled to a temporary file", streamed.Stderr);
        Assert.DoesNotContain("was streamed", whole.Stderr);
        Assert.Equal(6000, whole.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(whole.Output, streamed.Output);
        Assert.Equal(whole.State, streamed.State);
        Assert.Contains("2024-05-01T01:39:59Z", whole.State);
        Assert.Empty(Directory.EnumerateFileSystemEntries(spool.Path));
    }

    [Fact]
    public async Task Watermark_boundary_repeats_spread_over_many_windows_are_dropped()
    {
        await using var api = await FakeVendorServer.StartAsync();
        // 500 events share the newest time: their ids are stored with the watermark, and they come back
        // through the inclusive filter at the start of the next (streamed) page, over several windows.
        var boundary = Enumerable.Range(1500, 500).Select(i => Event($"e-{i}", 9000)).ToList();
        var older = Enumerable.Range(0, 1500).Select(i => Event($"e-{i}", i));
        var newer = Enumerable.Range(0, 1000).Select(i => Event($"n-{i}", 9001 + i));
        api.OnGet("/events", r => FakeResponse.Json("[" + string.Join(",", r.Param("since") is null ? older.Concat(boundary) : boundary.Concat(newer)) + "]"));
        using var dir = new TempDir();
        using var spool = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              events:
                url: {api.Url("/events")}
                transform:
                  id_field: id
                state:
                  watermark_field: published
                  watermark_param: since
            """);

        var first = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env(spool.Path));
        var second = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env(spool.Path));

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first + "\n" + second);
        Assert.Contains("was streamed", second.Stderr);
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => $"e-{i}"), first.Lines.EventField("id"));
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"n-{i}"), second.Lines.EventField("id"));
        Assert.Equal("2024-05-01T02:30:00Z", api.Requests[1].Param("since"));
    }

    [Fact]
    public async Task A_source_with_a_script_hook_reads_its_large_pages_whole()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/audit", _ => FakeResponse.Json(CursorPage(Events("h", 0, 3000), "")));
        using var dir = new TempDir();
        using var spool = new TempDir();
        var config = dir.Write("helr.yaml", $$"""
            global:
              hooks:
                enabled: true
            sources:
              hooked:
                url: {{api.Url("/audit")}}
                hooks:
                  script_inline: "function parseResponse(ctx, r) { return r.body.data.map(function (e) { return { event: e }; }); }"
            """);

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env(spool.Path));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("was streamed", result.Stderr);
        Assert.Equal(Enumerable.Range(0, 3000).Select(i => $"h-{i}"), result.Lines.EventField("id"));
    }

    private static async Task<(string Output, string State, string Stderr)> RunAsync(FakeVendorServer api, Dictionary<string, string?>? env)
    {
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              audit:
                url: {api.Url("/audit")}
                dedupe:
                  id_path: id
                state:
                  watermark_field: published
                  watermark_param: since
                pagination:
                  strategy: cursor
                  cursor_param: cursor
                  cursor_path: next
                  max_pages: 10
            """);
        var output = dir.File("events.ndjson");
        var result = await HelrProcess.RunAsync($"run --once -c {config} --output {output}", dir.Path, env: env);
        Assert.True(result.ExitCode == 0, result.ToString());
        var state = await HelrProcess.RunAsync($"state show audit -c {config}", dir.Path);
        return (await File.ReadAllTextAsync(output), state.Stdout, result.Stderr);
    }
}
