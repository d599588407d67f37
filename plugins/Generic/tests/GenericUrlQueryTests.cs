using Helr.Plugins.Generic.Tests.Support;

namespace Helr.Plugins.Generic.Tests;

/// <summary>A parameter Helr sets (range start, page, offset, limit, cursor) replaces one of its name in the url's own query.</summary>
public class GenericUrlQueryTests
{
    // Sent twice, an API that reads the first value (as most frameworks do) read from the url's start every cycle.
    [Fact]
    public async Task The_stored_watermark_replaces_a_range_start_written_in_the_url()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var events = new[] { ("a", "2024-01-01T00:00:00Z"), ("b", "2024-01-02T00:00:00Z") };
        api.OnGet("/logs", r =>
        {
            var since = r.Param("since")!.Split(',')[0];
            var page = events.Where(e => string.CompareOrdinal(e.Item2, since) >= 0).Select(e => $$"""{"id":"{{e.Item1}}","ts":"{{e.Item2}}"}""");
            return FakeResponse.Json("[" + string.Join(",", page) + "]");
        });
        using var harness = SourceHarness.Create(new GenericSourceType(), $"""
            url: {api.Url("/logs?since=2024-01-01T00:00:00Z&kind=audit")}
            state:
              watermark_field: ts
              watermark_param: since
            transform:
              id_field: id
            """, api, new FakeEnvironment());

        var first = await harness.RunCycleAsync();
        var second = await harness.RunCycleAsync();

        Assert.Equal(new[] { "a", "b" }, first.EventField("id"));
        Assert.Equal("2024-01-01T00:00:00Z", first.Requests[0].Param("since"));
        Assert.Equal("2024-01-02T00:00:00Z", second.Requests[0].Param("since"));
        Assert.Equal("audit", second.Requests[0].Param("kind"));
        Assert.Empty(second.Lines);
    }

    // The url's page size made every page short of limit: the traversal ended after its first page, every cycle.
    [Fact]
    public async Task Page_and_limit_replace_those_written_in_the_url()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/audit", r =>
        {
            var page = int.Parse(r.Param("page")!.Split(',')[0]);
            var size = int.Parse(r.Param("per_page")!.Split(',')[0]);
            var items = Enumerable.Range(1, 5).Skip((page - 1) * size).Take(size).Select(i => $$"""{"seq":{{i}}}""");
            return FakeResponse.Json("[" + string.Join(",", items) + "]");
        });
        using var harness = SourceHarness.Create(new GenericSourceType(), $"""
            url: {api.Url("/audit?per_page=1&page=1")}
            pagination:
              strategy: page_offset
              page_param: page
              limit_param: per_page
              limit: 2
            """, api, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "1", "2", "3", "4", "5" }, cycle.EventField("seq"));
        Assert.Equal(new[] { "1", "2", "3" }, cycle.Requests.Select(r => r.Param("page")));
        Assert.All(cycle.Requests, r => Assert.Equal("2", r.Param("per_page")));
    }

    // The url's cursor was sent first on every page: the first page again, and the cycle stopped there.
    [Fact]
    public async Task The_cursor_replaces_one_written_in_the_url()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => r.Param("cursor")!.Split(',')[0] switch
        {
            "start" => FakeResponse.Json("""{"items":[{"id":"a"}],"next":"c2"}"""),
            "c2" => FakeResponse.Json("""{"items":[{"id":"b"}]}"""),
            var other => FakeResponse.Json($$"""{"error":"unexpected cursor {{other}}"}""", 400),
        });
        using var harness = SourceHarness.Create(new GenericSourceType(), $"""
            url: {api.Url("/logs?cursor=start")}
            pagination:
              strategy: cursor
              cursor_param: cursor
              cursor_path: next
            """, api, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "a", "b" }, cycle.EventField("id"));
        Assert.Equal("c2", cycle.Requests[1].Param("cursor"));
    }
}
