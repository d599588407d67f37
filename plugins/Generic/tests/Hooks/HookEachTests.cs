using System.Text.Json;

namespace Helr.Plugins.Generic.Tests.Hooks;

/// <summary>Each hook alone on top of a declarative source: it takes over its step, the rest stays declarative (<c>getAuth</c>, <c>buildRequest</c>, errors, <c>ctx</c>).</summary>
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
