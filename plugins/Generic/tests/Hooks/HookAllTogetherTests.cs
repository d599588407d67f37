using System.Text.Json;

namespace Helr.Plugins.Generic.Tests.Hooks;

/// <summary>All five hooks on one source: a GraphQL API with a login, body paging and state of its own.</summary>
public class HookAllTogetherTests
{
    private const string Script = """
        async function getAuth(ctx) {
          var res = await fetch(ctx.env.HELR_ALL_LOGIN_URL, { method: "POST", body: JSON.stringify({ code: "pat" }) });
          return { cookie: res.headers.get("set-cookie").split(";")[0] };
        }
        function body(skip) { return { query: "query Events($skip: Int!) { events(skip: $skip, size: 2) { id } }", variables: { skip: skip } }; }
        function buildRequest(ctx) { return { headers: { "Content-Type": "application/json" }, body: body(Number(ctx.state.start || 0)) }; }
        function parseResponse(ctx, response) {
          return response.body.data.events.map(function (e) { return { ts: null, source: ctx.source_id, event: e, meta: { id: e.id } }; });
        }
        function getNextPage(ctx, request, response) {
          if (response.body.data.events.length < 2) return null;
          return { body: body(request.body.variables.skip + 2) };
        }
        function commitState(ctx, events) { return { start: String(Number(ctx.state.start || 0) + events.length) }; }
        """;

    [Fact]
    public async Task A_graphql_source_pages_by_body_with_a_login_cookie_and_stores_its_own_state()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var all = Enumerable.Range(1, 5).Select(i => $"e{i}").ToList();
        api.OnPost("/login", _ => FakeResponse.Json("{}").WithHeader("Set-Cookie", "sid=1; Path=/"));
        api.OnPost("/graphql", r =>
        {
            if (r.Header("Cookie") != "sid=1") return FakeResponse.Json("{}", 401);
            var skip = JsonDocument.Parse(r.Body).RootElement.GetProperty("variables").GetProperty("skip").GetInt32();
            return FakeResponse.Json(JsonSerializer.Serialize(new { data = new { events = all.Skip(skip).Take(2).Select(id => new { id }) } }));
        });
        Environment.SetEnvironmentVariable("HELR_ALL_LOGIN_URL", api.Url("/login"));
        using var harness = HookHarness.Create($"""
            url: {api.Url("/graphql")}
            method: post
            dedupe:
              id_path: id
            """, Script, api, "hooks: { enabled: true, timeout_secs: 10, allow_network: true }");

        var first = await harness.RunCycleAsync();

        Assert.Null(first.Error);
        Assert.Equal(new[] { "e1", "e2", "e3", "e4", "e5" }, first.EventField("id"));
        var skips = first.Requests.Where(r => r.Path == "/graphql")
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("variables").GetProperty("skip").GetInt32());
        Assert.Equal(new[] { 0, 2, 4 }, skips);
        Assert.Equal("5", first.State["start"]);

        all.Add("e6");
        var second = await harness.RunCycleAsync();

        Assert.Null(second.Error);
        Assert.Equal(new[] { "e6" }, second.EventField("id"));
        // The login cookie is reused (auth_cache_ttl_secs): one login in all.
        Assert.DoesNotContain(second.Requests, r => r.Path == "/login");
        Assert.Equal("6", second.State["start"]);
    }
}
