using System.Text;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Polling;

/// <summary>
/// Pages over 16 MB read whole go alone (docs/performance.md): the body buffer is let go once rendered
/// and the next page is requested after the lines are written; pages of a streaming source over 4 MiB
/// are streamed instead (StreamedPageTests). Between large and small pages every event still comes
/// out once, whole and in order.
/// </summary>
public sealed class LargePageTests
{
    [Fact]
    public async Task Large_and_small_pages_in_turn_emit_every_event_once_whole_and_in_order()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var padding = new string('x', 1_500);
        string Page(string name, int count)
        {
            var body = new StringBuilder("[");
            for (var i = 0; i < count; i++) body.Append(i == 0 ? "" : ",").Append($$"""{"id":"{{name}}-{{i}}","pad":"{{padding}}"}""");
            return body.Append(']').ToString();
        }
        var pages = new[] { Page("big1", 12_000), Page("small", 3), Page("big2", 12_000) };
        Assert.True(pages[0].Length > 16 * 1024 * 1024);
        api.OnGet("/logs", r =>
        {
            var n = int.Parse(r.Param("page") ?? "0");
            var response = FakeResponse.Json(pages[n]);
            return n + 1 < pages.Length ? response.WithNext(api.Url($"/logs?page={n + 1}")) : response;
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              s1:
                url: {api.Url("/logs")}
                pagination:
                  strategy: link_header
            """);
        var lines = (await HelrProcess.RunOnceAsync(config, dir)).Lines;
        var expected = new[] { ("big1", 12_000), ("small", 3), ("big2", 12_000) }.SelectMany(p => Enumerable.Range(0, p.Item2).Select(i => $"{p.Item1}-{i}"));
        Assert.Equal(expected, lines.EventField("id"));
        Assert.All(lines, line => Assert.Equal(padding, line.GetProperty("event").GetProperty("pad").GetString()));
        Assert.Equal(3, api.Requests.Count);
    }

    // A page read whole, here because an events path is set (pages of a streaming source are streamed
    // instead, and their lines handed over while the next page is read: StreamedPageTests).
    [Fact]
    public async Task The_page_after_a_large_one_read_whole_is_requested_only_once_its_lines_are_written()
    {
        await using var api = await FakeVendorServer.StartAsync();
        using var dir = new TempDir();
        var output = Path.Combine(dir.Path, "events.ndjson");
        var big = new StringBuilder("{\"items\":[");
        for (var i = 0; i < 12_000; i++) big.Append(i == 0 ? "" : ",").Append($$"""{"id":"big-{{i}}","pad":"{{new string('x', 1_500)}}"}""");
        big.Append("]}");
        long? writtenWhenAsked = null;
        api.OnGet("/logs", r =>
        {
            if (r.Param("page") is null) return FakeResponse.Json(big.ToString()).WithNext(api.Url("/logs?page=2"));
            // The large page's write was acknowledged (flushed) before this request left Helr.
            writtenWhenAsked = File.ReadLines(output).LongCount();
            return FakeResponse.Json("""{"items":[{"id":"last"}]}""");
        });
        var config = dir.Write("helr.yaml", $"""
            sources:
              s1:
                url: {api.Url("/logs")}
                response_events_path: items
                pagination:
                  strategy: link_header
            """);
        var result = await HelrProcess.RunAsync($"run --once -c {config} --output {output}", dir.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(12_000, writtenWhenAsked);
        Assert.Equal(12_001, File.ReadLines(output).LongCount());
    }
}
