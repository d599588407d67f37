using System.Text.Json;

namespace Helr.Plugins.Generic.Tests.Hooks;

/// <summary>The query of <c>getAuth</c> and <c>buildRequest</c> on the declarative request and on the pages <c>getNextPage</c> asks for.</summary>
public class HookPagingQueryTests
{
    // The next page's URL was the one just sent, query included, and the query was appended again:
    // page n carried n copies of each parameter, until the URL grew too long for the API.
    [Fact]
    public async Task Body_paging_sends_the_hooks_query_once_on_every_page()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/graphql", r =>
        {
            var skip = JsonDocument.Parse(r.Body).RootElement.GetProperty("skip").GetInt32();
            return FakeResponse.Json(skip < 4 ? $$"""{"items":[{"id":"e{{skip}}"}],"next":{{skip + 2}}}""" : """{"items":[],"next":null}""");
        });
        using var harness = HookHarness.Create($"""
            url: {api.Url("/graphql")}
            method: post
            """, """
            function getAuth(ctx) { return { query: { api_key: "key-5f4e3d2c" } }; }
            function buildRequest(ctx) { return { query: { version: "2" }, body: { skip: 0 } }; }
            function parseResponse(ctx, response) { return response.body.items.map(function (e) { return { event: e }; }); }
            function getNextPage(ctx, request, response) { return response.body.next === null ? null : { body: { skip: response.body.next } }; }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "e0", "e2" }, cycle.EventField("id"));
        Assert.Equal(3, cycle.Requests.Count);
        Assert.All(cycle.Requests, r => Assert.Equal("api_key=key-5f4e3d2c&version=2", r.QueryString.TrimStart('?')));
    }

    // Upstream's Okta hook example sets since itself (from its watermark, else ctx.defaultSince). The
    // declarative request already carried from's since (and query_params), and the hook's were appended
    // beside them: since=<from>&since=<watermark>, so an API taking the first read from `from` every cycle.
    [Fact]
    public async Task A_hook_query_parameter_replaces_the_one_of_its_name_in_the_url()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""{"items":[{"id":"e1"}]}"""));
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            from: "2023-01-01T00:00:00Z"
            query_params:
              limit: 100
              filter: "type eq x"
            """, """
            function buildRequest(ctx) { return { query: { since: ctx.state.watermark || "2024-06-01T00:00:00Z", limit: "1000" } }; }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        var request = Assert.Single(cycle.Requests);
        Assert.Equal("filter=type%20eq%20x&since=2024-06-01T00%3A00%3A00Z&limit=1000", request.QueryString.TrimStart('?'));
    }
}
