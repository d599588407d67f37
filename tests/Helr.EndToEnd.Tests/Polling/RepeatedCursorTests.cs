using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Polling;

/// <summary>A next request equal to the one just answered (a cursor handed back unchanged).</summary>
public sealed class RepeatedCursorTests
{
    // An API that hands back the cursor it was sent serves the same events again: following it wrote
    // them max_pages times in one run.
    [Fact]
    public async Task A_cursor_handed_back_unchanged_writes_its_page_once_and_the_next_run_asks_there()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/events", r => r.Param("cursor") switch
        {
            null => FakeResponse.Json("""{"data":[{"id":"a"}],"next":"same"}"""),
            _ => FakeResponse.Json("""{"data":[{"id":"b"},{"id":"c"}],"next":"same"}"""),
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              s1:
                url: {api.Url("/events")}
                pagination:
                  strategy: cursor
                  cursor_param: cursor
                  cursor_path: next
                  max_pages: 5
            """);
        var result = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "a", "b", "c" }, result.Lines.EventField("id"));
        Assert.Equal(2, api.Requests.Count);
        Assert.Equal("same", await StateCli.GetAsync(config, "s1", "cursor"));
    }
}
