using System.Text.Json;

namespace Helr.Plugins.Generic.Tests.Hooks;

/// <summary>Each hook alone on top of a declarative source: it takes over its step, the rest stays declarative.</summary>
public class HookEachTests
{
    [Fact]
    public async Task GetAuth_adds_headers_query_and_cookie_and_is_cached_across_cycles()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", """
            function getAuth(ctx) {
              console.log("logging in for " + ctx.source_id);
              return { headers: { "X-Api-Key": "k-" + ctx.sourceId }, query: { tenant: "t1", n: 5 }, cookie: "sid=abc" };
            }
            """, api);

        var cycles = await harness.RunCyclesAsync(2);

        Assert.All(cycles, c => Assert.Null(c.Error));
        Assert.All(cycles.SelectMany(c => c.Requests), r =>
        {
            Assert.Equal("k-s", r.Header("X-Api-Key"));
            Assert.Equal("sid=abc", r.Header("Cookie"));
            Assert.Equal("t1", r.Param("tenant"));
            Assert.Null(r.Param("n"));
        });
        Assert.Equal(new[] { "a" }, cycles[0].EventField("id"));
        // auth_cache_ttl_secs (default 1800): the second cycle reuses the first result.
        Assert.Single(cycles.SelectMany(c => c.Log), l => l.Contains("logging in for s"));
    }

    [Fact]
    public async Task BuildRequest_query_is_kept_and_the_declarative_auth_still_applies()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/v2/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        var env = new Support.FakeEnvironment();
        using var harness = HookHarness.Create($"""
            url: {api.Url("/v1/logs")}
            auth:
              type: bearer
              token_env: API_TOKEN
            query_params:
              limit: 10
            """, $$"""
            function buildRequest(ctx) {
              return { url: "{{api.Url("/v2/logs")}}", query: { since: ctx.state.mark || "start" }, headers: { "X-Req": ctx.request_id === ctx.requestId ? "same" : "differ" } };
            }
            function commitState(ctx, events) { return { mark: "m1" }; }
            """, api, env: env);

        var cycles = await harness.RunCyclesAsync(2);

        Assert.All(cycles, c => Assert.Null(c.Error));
        var first = Assert.Single(cycles[0].Requests);
        Assert.Equal("/v2/logs", first.Path);
        Assert.Equal("start", first.Param("since"));
        Assert.Equal("Bearer tok", first.Header("Authorization"));
        Assert.Equal("same", first.Header("X-Req"));
        Assert.Equal("m1", Assert.Single(cycles[1].Requests).Param("since"));
    }

    [Fact]
    public async Task ParseResponse_reads_a_body_only_the_script_understands_and_its_events_go_through_dedupe()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Text("a|2024-01-01\nb|2024-01-02\na|2024-01-01", 200));
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            dedupe:
              id_path: id
            transform:
              timestamp_field: at
            """, """
            function parseResponse(ctx, response) {
              return response.body.split("\n").map(function (line) {
                var p = line.split("|");
                return { ts: p[1], source: ctx.sourceId, event: { id: p[0], at: p[1] }, meta: { id: p[0] } };
              });
            }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "a", "b" }, cycle.EventField("id"));
        Assert.Equal("2024-01-02", cycle.Envelopes[1].GetProperty("ts").GetString()![..10]);
    }

    [Fact]
    public async Task ParseResponse_returning_nothing_falls_back_to_the_declarative_extraction()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""{"items":[{"id":"x"},{"id":"y"}]}"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", "function parseResponse(ctx, r) { return undefined; }", api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "x", "y" }, cycle.EventField("id"));
    }

    [Fact]
    public async Task ParseResponse_of_the_wrong_shape_fails_the_poll_naming_the_hook()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", "function parseResponse(ctx, r) { return [1]; }", api);

        var cycle = await harness.RunCycleAsync();

        Assert.Equal("hook parseResponse in script_inline: element 0 must be an object {ts, source, event, meta}, got number", cycle.Error);
        Assert.Empty(cycle.Lines);
    }

    [Fact]
    public async Task ParseResponse_dropping_events_does_not_make_a_full_page_look_like_the_last()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var all = new[] { "a", "hb", "b", "c", "hb", "d", "e" };
        api.OnGet("/logs", r => FakeResponse.Json("[" + string.Join(",",
            all.Skip((int.Parse(r.Param("page")!) - 1) * 3).Take(3).Select((id, i) => $$"""{"id":"{{id}}{{(id == "hb" ? r.Param("page") : "")}}"}""")) + "]"));
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            pagination:
              strategy: page_offset
              page_param: page
              limit_param: per_page
              limit: 3
            """, """
            function parseResponse(ctx, response) {
              return response.body
                .filter(function (e) { return e.id.indexOf("hb") !== 0; })
                .map(function (e) { return { event: e }; });
            }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        // Heartbeats filtered out by the script; every page of the API read.
        Assert.Equal(new[] { "a", "b", "c", "d", "e" }, cycle.EventField("id"));
        Assert.Equal(new[] { "1", "2", "3" }, cycle.Requests.Select(r => r.Param("page")));
    }

    [Fact]
    public async Task Full_pages_a_script_keeps_nothing_of_still_stop_at_max_pages_and_the_next_cycle_goes_on()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => FakeResponse.Json(r.Param("page") == "4" ? """[{"id":"x"}]""" : """[{"id":"hb"},{"id":"hb"}]"""));
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            pagination:
              strategy: page_offset
              page_param: page
              limit_param: per_page
              limit: 2
              max_pages: 2
            """, """
            function parseResponse(ctx, response) {
              return response.body.filter(function (e) { return e.id !== "hb"; }).map(function (e) { return { event: e }; });
            }
            """, api);

        var cycles = await harness.RunCyclesAsync(2);

        Assert.Equal(new[] { "1", "2" }, cycles[0].Requests.Select(r => r.Param("page")));
        Assert.Equal(new[] { "3", "4" }, cycles[1].Requests.Select(r => r.Param("page")));
        Assert.Equal(new[] { "x" }, cycles[1].EventField("id"));
    }

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
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"same"}]"""));
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

    [Fact]
    public async Task A_script_error_fails_the_poll_with_its_message_file_and_line_and_stores_nothing()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", """
            function parseResponse(ctx, response) {
              var x = 1;
              throw new Error("vendor changed its format");
            }
            function commitState(ctx, events) { return { touched: "yes" }; }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Equal("hook parseResponse in script_inline failed: vendor changed its format (at script_inline:3:9)", cycle.Error);
        Assert.False(cycle.State.ContainsKey("touched"));
    }

    [Fact]
    public async Task State_and_env_reach_the_ctx_under_both_spellings()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        Environment.SetEnvironmentVariable("HELR_HOOK_TEST_VALUE", "from-env");
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            from: "2024-01-01T00:00:00Z"
            headers:
              X-Tenant: t9
            """, """
            function buildRequest(ctx) {
              return { query: { v: ctx.env.HELR_HOOK_TEST_VALUE, d: ctx.default_since + "," + ctx.defaultSince, c: ctx.pagination.lastCursor, h: ctx.headers["X-Tenant"], k: ctx.state.cursor } };
            }
            """, api);
        harness.SetState("cursor", "c-1");

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        var request = Assert.Single(cycle.Requests);
        Assert.Equal("from-env", request.Param("v"));
        Assert.Equal("2024-01-01T00:00:00Z,2024-01-01T00:00:00Z", request.Param("d"));
        Assert.Equal("c-1", request.Param("c"));
        Assert.Equal("t9", request.Param("h"));
        Assert.Equal("t9", request.Header("X-Tenant"));
    }
}
