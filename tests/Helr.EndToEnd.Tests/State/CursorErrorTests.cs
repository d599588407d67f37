using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.State;

/// <summary>on_cursor_error: reset | fail when the API rejects a stored cursor with a 4xx.</summary>
public sealed class CursorErrorTests
{
    private static async Task<(FakeVendorServer Api, TempDir Dir, string Config)> SetUpAsync(string onCursorError)
    {
        var api = await FakeVendorServer.StartAsync();
        api.OnGet("/audit", r => r.Param("cursor") switch
        {
            null => FakeResponse.Json("""{"entries":[{"id":"e1"},{"id":"e2"}],"next":"t2"}"""),
            "t2" => FakeResponse.Json("""{"entries":[{"id":"e3"}],"next":""}"""),
            _ => FakeResponse.Json("""{"ok":false,"error":"invalid_cursor"}""", 400),
        });
        var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              slack:
                url: {api.Url("/audit")}
                on_cursor_error: {onCursorError}
                pagination:
                  strategy: cursor
                  cursor_param: cursor
                  cursor_path: next
            """);
        var set = await HelrProcess.RunAsync($"state set slack cursor stale-token -c {config}", dir.Path);
        Assert.True(set.ExitCode == 0, set.ToString());
        return (api, dir, config);
    }

    [Fact]
    public async Task Reset_clears_the_rejected_cursor_and_the_same_cycle_starts_over()
    {
        var (api, dir, config) = await SetUpAsync("reset");
        await using (api)
        using (dir)
        {
            var first = await HelrProcess.RunOnceAsync(config, dir);
            Assert.Equal(new[] { "e1", "e2", "e3" }, first.Lines.EventField("id"));
            Assert.Contains("rejected the stored cursor", first.Stderr);
            Assert.Equal(new[] { "stale-token", null, "t2" }, api.Requests.Select(r => r.Param("cursor")));
            // The traversal's fingerprint of its query, written with its first cursor, is cleared with the last.
            Assert.Equal("slack\n  cursor: \n  cursor_query: \n", (await HelrProcess.RunAsync($"state show slack -c {config}", dir.Path)).Stdout);
        }
    }

    [Fact]
    public async Task Fail_keeps_the_cursor_and_reports_the_error()
    {
        var (api, dir, config) = await SetUpAsync("fail");
        await using (api)
        using (dir)
        {
            var run = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);
            Assert.Equal(1, run.ExitCode);
            Assert.Empty(run.Lines);
            Assert.Contains("HTTP 400", run.Stderr);
            Assert.Equal("slack\n  cursor: stale-token\n", (await HelrProcess.RunAsync($"state show slack -c {config}", dir.Path)).Stdout);
        }
    }
}
