using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests;

public sealed class LinkHeaderTests
{
    [Fact]
    public async Task Follows_next_links_and_emits_every_event_once_in_order()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => r.Param("page") switch
        {
            null => FakeResponse.Json("""[{"id":"a1","published":"2024-01-01T00:00:00Z"},{"id":"a2"}]""").WithNext(api.Url("/logs?page=2")),
            "2" => FakeResponse.Json("""[{"id":"a3"}]"""),
            _ => FakeResponse.Json("[]", 500),
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              s1:
                url: {api.Url("/logs")}
                pagination:
                  strategy: link_header
            """);
        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "a1", "a2", "a3" }, result.Lines.EventField("id"));
        var first = result.Lines[0];
        Assert.Equal("2024-01-01T00:00:00Z", first.GetProperty("ts").GetString());
        Assert.Equal("s1", first.GetProperty("source").GetString());
        Assert.Equal("/logs", first.GetProperty("endpoint").GetString());
        Assert.Equal(new[] { "ts", "source", "endpoint", "event", "meta" }, first.EnumerateObject().Select(p => p.Name));
        Assert.All(api.Requests, r => Assert.StartsWith("helr/", r.Header("User-Agent")));
    }
}
