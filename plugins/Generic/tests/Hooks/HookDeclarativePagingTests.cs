namespace Helr.Plugins.Generic.Tests.Hooks;

/// <summary>What <c>commitState</c> learns of a cycle whose paging is declarative (no <c>getNextPage</c>).</summary>
public class HookDeclarativePagingTests
{
    private static void ThreePages(FakeVendorServer api) => api.OnGet("/logs", r =>
    {
        var page = int.Parse(r.Param("page") ?? "1", System.Globalization.CultureInfo.InvariantCulture);
        var body = $$"""{"items":[{"id":"p{{page}}"}],"next":{{(page < 3 ? $"\"{page + 1}\"" : "null")}}}""";
        return page < 3 ? FakeResponse.Json(body).WithNext(api.Url($"/logs?page={page + 1}")) : FakeResponse.Json(body);
    });

    private const string TellsUnfinished = """
        function commitState(ctx, events) {
          var next = ctx.next_page;
          return { unfinished: next ? String(next.url) : "", same: String(JSON.stringify(next) === JSON.stringify(ctx.nextPage)) };
        }
        """;

    // A script that keeps a watermark of its own must not move it while pages are left unread: with
    // declarative paging cut by max_pages, commitState used to get no next_page and could not tell.
    [Theory]
    [InlineData("{ strategy: link_header, max_pages: 2 }")]
    [InlineData("{ strategy: cursor, cursor_param: page, cursor_path: next, max_pages: 2 }")]
    public async Task CommitState_is_told_the_page_max_pages_left_unread_and_only_then(string pagination)
    {
        await using var api = await FakeVendorServer.StartAsync();
        ThreePages(api);
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            pagination: {pagination}
            """, TellsUnfinished, api);

        var cycles = await harness.RunCyclesAsync(2);

        Assert.All(cycles, c => Assert.Null(c.Error));
        Assert.Equal(new[] { "p1", "p2" }, cycles[0].EventField("id"));
        Assert.Equal(api.Url("/logs?page=3"), cycles[0].State["unfinished"]);
        Assert.Equal("true", cycles[0].State["same"]);
        Assert.Equal(new[] { "p3" }, cycles[1].EventField("id"));
        Assert.Equal("", cycles[1].State["unfinished"]);
    }

    [Fact]
    public async Task Max_bytes_ends_the_cycle_and_commitState_is_told_the_next_page()
    {
        await using var api = await FakeVendorServer.StartAsync();
        ThreePages(api);
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            max_bytes: 1
            pagination:
              strategy: link_header
            """, TellsUnfinished, api);

        var cycles = await harness.RunCyclesAsync(2);

        Assert.Equal(new[] { "p1" }, cycles[0].EventField("id"));
        Assert.Equal(api.Url("/logs?page=2"), cycles[0].State["unfinished"]);
        Assert.Equal(new[] { "p2" }, cycles[1].EventField("id"));
        Assert.Equal(api.Url("/logs?page=3"), cycles[1].State["unfinished"]);
    }
}
