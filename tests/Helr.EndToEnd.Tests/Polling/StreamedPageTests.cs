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
