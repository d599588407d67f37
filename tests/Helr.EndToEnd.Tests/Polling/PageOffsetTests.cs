using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Polling;

/// <summary><c>page_offset</c> (page=1,2,…) and <c>offset</c> (offset=0,limit,…): a short page is the last.</summary>
public sealed class PageOffsetTests
{
    private static readonly string[] Events = { "o1", "o2", "o3", "o4", "o5" };

    private static FakeResponse Slice(int skip, int take)
    {
        var items = Events.Skip(skip).Take(take).Select(id => $$"""{"id":"{{id}}"}""");
        return FakeResponse.Json("{\"results\":[" + string.Join(",", items) + "],\"total\":5}");
    }

    [Fact]
    public async Task Page_offset_counts_pages_and_stops_on_a_short_page()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/users/audit", r =>
        {
            var page = int.Parse(r.Param("page")!);
            var size = int.Parse(r.Param("per_page")!);
            return Slice((page - 1) * size, size);
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              s1:
                url: {api.Url("/users/audit")}
                response_events_path: results
                pagination:
                  strategy: page_offset
                  page_param: page
                  limit_param: per_page
                  limit: 2
            """);
        var result = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(Events, result.Lines.EventField("id"));
        Assert.Equal(new[] { "?page=1&per_page=2", "?page=2&per_page=2", "?page=3&per_page=2" }, api.Requests.Select(r => r.QueryString));

        // Nothing to resume from: every cycle starts again at page 1.
        await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal("?page=1&per_page=2", api.Requests[3].QueryString);
    }

    [Fact]
    public async Task Offset_steps_by_limit_and_an_empty_page_is_short()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/records", r => Slice(int.Parse(r.Param("offset")!), int.Parse(r.Param("count")!)));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              s1:
                url: {api.Url("/records?tenant=acme")}
                response_events_path: results
                query_params:
                  order: asc
                pagination:
                  strategy: offset
                  offset_param: offset
                  limit_param: count
                  limit: 5
            """);
        var result = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(Events, result.Lines.EventField("id"));
        // A full page of 5, then an empty page (fewer than limit) ends the cycle.
        var requests = api.Requests;
        Assert.Equal(new[] { "0", "5" }, requests.Select(r => r.Param("offset")));
        Assert.All(requests, r =>
        {
            Assert.Equal("acme", r.Param("tenant"));
            Assert.Equal("asc", r.Param("order"));
            Assert.Equal("5", r.Param("count"));
        });
    }

    [Fact]
    public async Task Max_pages_caps_page_offset()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/all", r => FakeResponse.Json($$"""[{"id":"p{{r.Param("p")}}"}]"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              s1:
                url: {api.Url("/all")}
                pagination:
                  strategy: page_offset
                  page_param: p
                  limit_param: n
                  limit: 1
                  max_pages: 3
            """);
        var result = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "p1", "p2", "p3" }, result.Lines.EventField("id"));
        Assert.Equal(3, api.Requests.Count);
    }
}
