using Helr.Plugins.Generic.Tests.Support;

namespace Helr.Plugins.Generic.Tests;

/// <summary>The generic source type run in-process through the kernel (SourceHarness) against a fake vendor.</summary>
public class GenericCollectionTests
{
    [Fact]
    public async Task Link_header_source_collects_every_page_and_resumes_from_its_watermark()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => r.Param("page") == "2"
            ? FakeResponse.Json("""[{"uuid":"c","published":"2024-01-03"}]""")
            : FakeResponse.Json("""[{"uuid":"a","published":"2024-01-01"},{"uuid":"b","published":"2024-01-02"}]""").WithNext(api.Url("/logs?page=2")));
        using var harness = SourceHarness.Create(new GenericSourceType(), $"""
            url: {api.Url("/logs")}
            auth:
              type: bearer
              token_env: API_TOKEN
            pagination:
              strategy: link_header
            state:
              watermark_field: published
              watermark_param: since
            transform:
              id_field: uuid
            """, api, new FakeEnvironment());

        var first = await harness.RunCycleAsync();

        Assert.Null(first.Error);
        Assert.Equal(new[] { "a", "b", "c" }, first.EventField("uuid"));
        Assert.Equal("c", first.Envelopes[2].GetProperty("meta").GetProperty("id").GetString());
        Assert.All(first.Requests, r => Assert.Equal("Bearer tok", r.Header("Authorization")));
        Assert.Equal("2024-01-03", first.State["watermark"]);
        Assert.Equal("", first.State["next_url"]);

        var second = await harness.RunCycleAsync();
        Assert.Equal("2024-01-03", second.Requests[0].Param("since"));
    }

    [Fact]
    public async Task A_link_to_another_origin_is_refused_and_nothing_is_stored()
    {
        await using var api = await FakeVendorServer.StartAsync();
        await using var elsewhere = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":1}]""").WithNext(elsewhere.Url("/steal")));
        using var harness = SourceHarness.Create(new GenericSourceType(), $"""
            url: {api.Url("/logs")}
            auth:
              type: bearer
              token_env: API_TOKEN
            pagination:
              strategy: link_header
            """, api, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Contains("another origin", cycle.Error);
        Assert.Empty(elsewhere.Requests);
        Assert.False(cycle.State.ContainsKey("next_url"));
    }

    [Fact]
    public async Task Offset_backlog_beyond_max_pages_continues_over_cycles_with_the_same_range_start()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var newestFirst = Enumerable.Range(1, 6).Reverse().Select(seq => $$"""{"seq":{{seq}}}""").ToArray();
        api.OnGet("/audit", r =>
        {
            var after = int.Parse(r.Param("after") ?? "0");
            var page = newestFirst.Where(e => int.Parse(e[7..^1]) > after).Skip(int.Parse(r.Param("offset")!)).Take(2);
            return FakeResponse.Json("[" + string.Join(",", page) + "]");
        });
        using var harness = SourceHarness.Create(new GenericSourceType(), $"""
            url: {api.Url("/audit")}
            pagination:
              strategy: offset
              offset_param: offset
              limit_param: limit
              limit: 2
              max_pages: 1
            state:
              watermark_field: seq
              watermark_param: after
            """, api);

        var cycles = await harness.RunCyclesAsync(4);

        Assert.Equal(new[] { "6", "5", "4", "3", "2", "1" }, cycles.SelectMany(c => c.EventField("seq")));
        Assert.All(cycles.Take(3), c => Assert.False(c.State.ContainsKey("watermark")));
        Assert.Equal("6", cycles[3].State["watermark"]);
        Assert.All(cycles.SelectMany(c => c.Requests), r => Assert.Null(r.Param("after")));
    }

    [Fact]
    public async Task An_offset_page_whose_elements_lack_the_object_path_is_still_full_and_the_pages_after_it_are_read()
    {
        await using var api = await FakeVendorServer.StartAsync();
        // A GraphQL-style list: an edge whose node the token may not see comes back without it.
        var edges = new[] { """{"node":{"id":"1"}}""", """{"cursor":"c2"}""", """{"node":{"id":"3"}}""", """{"node":{"id":"4"}}""", """{"node":{"id":"5"}}""" };
        api.OnGet("/audit", r => FakeResponse.Json("""{"edges":[""" + string.Join(",", edges.Skip(int.Parse(r.Param("offset")!)).Take(2)) + "]}"));
        using var harness = SourceHarness.Create(new GenericSourceType(), $"""
            url: {api.Url("/audit")}
            pagination:
              strategy: offset
              offset_param: offset
              limit_param: limit
              limit: 2
            response_events_path: edges
            response_event_object_path: node
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "1", "3", "4", "5" }, cycle.EventField("id"));
        Assert.Equal(new[] { "0", "2", "4" }, cycle.Requests.Select(r => r.Param("offset")));
    }

    // Taken for no cursor, a number ended the traversal after the first page, every cycle, and the
    // watermark moved past the pages after it (newest first): those events were never read.
    [Fact]
    public async Task A_numeric_cursor_is_followed()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => r.Param("page") switch
        {
            null => FakeResponse.Json("""{"items":[{"id":"c","ts":"2024-01-03T00:00:00Z"}],"next_page":2}"""),
            "2" => FakeResponse.Json("""{"items":[{"id":"b","ts":"2024-01-02T00:00:00Z"}],"next_page":3}"""),
            "3" => FakeResponse.Json("""{"items":[{"id":"a","ts":"2024-01-01T00:00:00Z"}],"next_page":null}"""),
            var other => FakeResponse.Json($$"""{"error":"no page {{other}}"}""", 404),
        });
        using var harness = SourceHarness.Create(new GenericSourceType(), $"""
            url: {api.Url("/logs")}
            pagination:
              strategy: cursor
              cursor_param: page
              cursor_path: next_page
            state:
              watermark_field: ts
              watermark_param: since
            """, api, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "c", "b", "a" }, cycle.EventField("id"));
        Assert.Equal(new[] { null, "2", "3" }, cycle.Requests.Select(r => r.Param("page")));
        Assert.Equal("", cycle.State["cursor"]);
    }
}
