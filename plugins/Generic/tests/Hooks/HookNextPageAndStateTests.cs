using System.Text.Json;

namespace Helr.Plugins.Generic.Tests.Hooks;

/// <summary><c>getNextPage</c> and <c>commitState</c> alone on top of a declarative source.</summary>
public class HookNextPageAndStateTests
{
    [Fact]
    public async Task GetNextPage_pages_until_it_returns_null()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => FakeResponse.Json($$"""{"items":[{"id":"p{{r.Param("page") ?? "1"}}"}]}"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", """
            function getNextPage(ctx, request, response) {
              var page = Number((/page=(\d+)/.exec(request.url) || [0, 1])[1]);
              if (response.status !== 200 || page >= 3) return null;
              return { url: request.url.split("?")[0] + "?page=" + (page + 1) };
            }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "p1", "p2", "p3" }, cycle.EventField("id"));
        Assert.Equal(3, cycle.Requests.Count);
    }

    [Fact]
    public async Task GetNextPage_stops_at_max_pages()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var served = 0;
        api.OnGet("/logs", _ => FakeResponse.Json($$"""[{"id":"e{{Interlocked.Increment(ref served)}}"}]"""));
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            pagination:
              strategy: link_header
              max_pages: 4
            """, "function getNextPage(ctx, request, response) { return { url: request.url }; }", api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(4, cycle.Requests.Count);
    }

    // An Okta-style next link repeats once the source is caught up; a script handing it back asked for the
    // same page again, and wrote its events up to max_pages (100) times a cycle.
    [Fact]
    public async Task A_page_served_again_unchanged_is_not_written_again_and_ends_the_cycle_there()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"same"}]"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", """
            function getNextPage(ctx, request, response) { return { url: request.url }; }
            function commitState(ctx, events) { return { resume: ctx.next_page ? ctx.next_page.url : "", seen: String(events.length) }; }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "same" }, cycle.EventField("id"));
        Assert.Equal(2, cycle.Requests.Count);
        Assert.Equal("1", cycle.State["seen"]);
        Assert.Equal(api.Url("/logs"), cycle.State["resume"]);
    }

    // Most APIs put something of their own beside the events (a request id, how long the query took), so a
    // page asked for again is rarely the same byte for byte: the events were written max_pages (100) times.
    [Fact]
    public async Task A_page_served_again_with_the_same_events_and_a_new_request_id_is_not_written_again()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var served = 0;
        api.OnGet("/logs", _ => FakeResponse.Json($$"""{"items":[{"id":"same"},{"id":"too"}],"request_id":"r{{Interlocked.Increment(ref served)}}"}"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", """
            function getNextPage(ctx, request, response) { return { url: request.url }; }
            function commitState(ctx, events) { return { resume: ctx.next_page ? ctx.next_page.url : "", seen: String(events.length) }; }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "same", "too" }, cycle.EventField("id"));
        Assert.Equal(2, cycle.Requests.Count);
        Assert.Equal("2", cycle.State["seen"]);
        Assert.Equal(api.Url("/logs"), cycle.State["resume"]);
    }

    // Okta's next link on an empty page (the source caught up) is the URL just asked: a script following it
    // spent max_pages requests every cycle on the same empty answer, against the API's rate limit.
    [Fact]
    public async Task The_same_request_asked_again_after_an_empty_page_ends_the_cycle_there()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => FakeResponse.Json("[]").WithNext($"{api.Url("/logs")}?after={r.Param("after") ?? "a1"}"));
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}?after=a1
            pagination:
              strategy: link_header
              max_pages: 5
            """, """
            function getNextPage(ctx, request, response) {
              var m = /<([^>]+)>; rel="next"/.exec(response.headers.link || "");
              return m ? { url: m[1] } : null;
            }
            function commitState(ctx, events) { return { next_url: ctx.next_page ? ctx.next_page.url : "" }; }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Single(cycle.Requests);
        Assert.Equal(api.Url("/logs") + "?after=a1", cycle.State["next_url"]);
    }

    // A queue-like API answers the same request with the next events: that is paging, not a repeat.
    [Fact]
    public async Task The_same_request_answered_with_new_events_goes_on()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var served = 0;
        api.OnGet("/logs", _ => Interlocked.Increment(ref served) is var n && n <= 3
            ? FakeResponse.Json($$"""{"items":[{"id":"e{{n}}"}]}""")
            : FakeResponse.Json("""{"items":[]}"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", """
            function getNextPage(ctx, request, response) { return response.body.items.length ? { url: request.url } : null; }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "e1", "e2", "e3" }, cycle.EventField("id"));
    }

    [Fact]
    public async Task CommitState_is_told_the_page_max_pages_left_unread_and_only_then()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => FakeResponse.Json($$"""[{"id":"p{{r.Param("page") ?? "1"}}"}]"""));
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            pagination:
              strategy: link_header
              max_pages: 2
            """, """
            function page(url) { return Number((/page=(\d+)/.exec(url) || [0, 1])[1]); }
            function buildRequest(ctx) { return ctx.state.resume ? { url: ctx.state.resume } : null; }
            function getNextPage(ctx, request, response) {
              return page(request.url) >= 3 ? null : { url: request.url.split("?")[0] + "?page=" + (page(request.url) + 1) };
            }
            function commitState(ctx, events) {
              var next = ctx.next_page;
              return { resume: next ? next.url : "", same: String(JSON.stringify(next) === JSON.stringify(ctx.nextPage)) };
            }
            """, api);

        var cycles = await harness.RunCyclesAsync(2);

        Assert.All(cycles, c => Assert.Null(c.Error));
        Assert.Equal(new[] { "p1", "p2" }, cycles[0].EventField("id"));
        Assert.Equal(api.Url("/logs?page=3"), cycles[0].State["resume"]);
        Assert.Equal("true", cycles[0].State["same"]);
        // The second cycle starts at the page the first did not read, and its paging ends by itself.
        Assert.Equal(new[] { "p3" }, cycles[1].EventField("id"));
        Assert.Equal("", cycles[1].State["resume"]);
    }

    [Fact]
    public async Task CommitState_gets_every_event_of_the_cycle_and_only_string_values_are_stored()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"},{"id":"b"}]"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", """
            function commitState(ctx, events) {
              return { count: String(events.length), first: events[0].event.id, source: events[0].source, number: 5 };
            }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal("2", cycle.State["count"]);
        Assert.Equal("a", cycle.State["first"]);
        Assert.Equal("s", cycle.State["source"]);
        Assert.False(cycle.State.ContainsKey("number"));
    }
}
