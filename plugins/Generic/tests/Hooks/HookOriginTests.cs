namespace Helr.Plugins.Generic.Tests.Hooks;

/// <summary>The session <c>getAuth</c> returned goes only where the source's url or the script's <c>buildRequest</c> points.</summary>
public class HookOriginTests
{
    // A vendor's next link that getNextPage reads from the body, on another host, got getAuth's session
    // header, cookie and query key: the kernel keeps the declarative auth and the configured headers on the
    // source's origin, but the hook's parts went wherever the API's link pointed. They are now left off
    // there, as a redirect to another origin drops them; the page itself is still read, as upstream reads it.
    [Fact]
    public async Task A_next_page_on_another_origin_gets_none_of_getAuths_session()
    {
        await using var api = await FakeVendorServer.StartAsync();
        await using var elsewhere = await FakeVendorServer.StartAsync();
        // The link repeats the query its page was sent with, getAuth's key too.
        var next = elsewhere.Url("/logs?page=2&sk=query-5531-key");
        api.OnGet("/logs", _ => FakeResponse.Json($$"""{"items":[{"id":"a"}],"next":"{{next}}"}"""));
        elsewhere.OnGet("/logs", _ => FakeResponse.Json("""{"items":[{"id":"b"}]}"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", """
            function getAuth(ctx) { return { headers: { "X-Session": "sess-4471-abcdef" }, cookie: "sid=cookie-9921-xyz", query: { sk: "query-5531-key" } }; }
            function getNextPage(ctx, request, response) { return response.body.next ? { url: response.body.next } : null; }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "a", "b" }, cycle.EventField("id"));
        var first = api.Requests.Single();
        Assert.Equal("sess-4471-abcdef", first.Header("X-Session"));
        Assert.Equal("query-5531-key", first.Param("sk"));
        var hop = elsewhere.Requests.Single();
        Assert.Null(hop.Header("X-Session"));
        Assert.Null(hop.Header("Cookie"));
        Assert.Null(hop.Param("sk"));
        Assert.Equal("2", hop.Param("page"));
        Assert.Contains(cycle.Log, l => l.Contains("another origin", StringComparison.Ordinal));
        Assert.DoesNotContain(cycle.Log, l => l.Contains("page=2", StringComparison.Ordinal));
    }

    // A POST API taking the session in the body: the page elsewhere gets the source's body, not the last one sent.
    [Fact]
    public async Task A_post_page_on_another_origin_gets_the_sources_body_not_getAuths()
    {
        await using var api = await FakeVendorServer.StartAsync();
        await using var elsewhere = await FakeVendorServer.StartAsync();
        var next = elsewhere.Url("/logs");
        api.OnPost("/logs", _ => FakeResponse.Json($$"""{"items":[{"id":"a"}],"next":"{{next}}"}"""));
        elsewhere.OnPost("/logs", _ => FakeResponse.Json("""{"items":[{"id":"b"}]}"""));
        using var harness = HookHarness.Create($$"""
            url: {{api.Url("/logs")}}
            method: post
            body: {"q": "audit"}
            """, """
            function getAuth(ctx) { return { body: { q: "audit", session: "sess-body-88123" } }; }
            function getNextPage(ctx, request, response) { return response.body.next ? { url: response.body.next } : null; }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Contains("sess-body-88123", api.Requests.Single().Body);
        Assert.Equal("""{"q":"audit"}""", elsewhere.Requests.Single().Body);
    }

    // buildRequest's url is the script's own choice (a host it computes from ctx.env): getAuth's parts go there.
    [Fact]
    public async Task A_page_buildRequest_points_to_another_origin_gets_getAuths_session()
    {
        await using var api = await FakeVendorServer.StartAsync();
        await using var real = await FakeVendorServer.StartAsync();
        real.OnGet("/logs", _ => FakeResponse.Json("""{"items":[{"id":"b"}]}"""));
        using var harness = HookHarness.Create($"url: {api.Url("/placeholder")}", $$"""
            function getAuth(ctx) { return { headers: { "X-Session": "sess-4471-abcdef" } }; }
            function buildRequest(ctx) { return { url: "{{real.Url("/logs")}}" }; }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal("sess-4471-abcdef", real.Requests.Single().Header("X-Session"));
    }

    // A script that sets its url in buildRequest on every page and pages by getNextPage: the next page's url is
    // getNextPage's (a vendor's link elsewhere), not buildRequest's, and was trusted as if buildRequest had chosen it.
    [Fact]
    public async Task A_next_link_elsewhere_is_not_trusted_because_buildRequest_also_gave_a_url()
    {
        await using var api = await FakeVendorServer.StartAsync();
        await using var elsewhere = await FakeVendorServer.StartAsync();
        var next = elsewhere.Url("/logs?page=2");
        api.OnGet("/logs", _ => FakeResponse.Json($$"""{"items":[{"id":"a"}],"next":"{{next}}"}"""));
        elsewhere.OnGet("/logs", _ => FakeResponse.Json("""{"items":[{"id":"b"}]}"""));
        using var harness = HookHarness.Create($"url: {api.Url("/placeholder")}", $$"""
            function getAuth(ctx) { return { headers: { "X-Session": "sess-4471-abcdef" } }; }
            function buildRequest(ctx) { return { url: "{{api.Url("/logs")}}" }; }
            function getNextPage(ctx, request, response) { return response.body.next ? { url: response.body.next } : null; }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "a", "b" }, cycle.EventField("id"));
        Assert.Equal("sess-4471-abcdef", api.Requests.Single().Header("X-Session"));
        Assert.Null(elsewhere.Requests.Single().Header("X-Session"));
    }
}
