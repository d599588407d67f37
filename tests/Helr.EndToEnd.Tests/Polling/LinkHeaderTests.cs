using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Polling;

public sealed class LinkHeaderTests
{
    [Fact]
    public async Task Follows_next_links_and_emits_every_event_once_in_order()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => r.Param("page") switch
        {
            null => FakeResponse.Json("""[{"id":"a1","published":"2024-01-01T00:00:00Z"},{"id":"a2"}]""").WithNext(api.Url("/logs?page=2")),
            "2" => FakeResponse.Json("""[{"id":"a3"}]"""),
            _ => FakeResponse.Json("[]", 500),
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              s1:
                url: {api.Url("/logs")}
                pagination:
                  strategy: link_header
            """);
        var result = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "a1", "a2", "a3" }, result.Lines.EventField("id"));
        var first = result.Lines[0];
        Assert.Equal("2024-01-01T00:00:00Z", first.GetProperty("ts").GetString());
        Assert.Equal("s1", first.GetProperty("source").GetString());
        Assert.Equal("/logs", first.GetProperty("endpoint").GetString());
        Assert.Equal(new[] { "ts", "source", "endpoint", "event", "meta" }, first.EnumerateObject().Select(p => p.Name));
        Assert.All(api.Requests, r => Assert.StartsWith("helr/", r.Header("User-Agent")));
    }

    [Fact]
    public async Task Query_params_go_on_the_first_request_only_and_links_are_followed_verbatim()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => r.Param("after") switch
        {
            null => FakeResponse.Json("""[{"id":"a1"}]""").WithNext(api.Url("/logs?after=a1&limit=1")),
            _ => FakeResponse.Json("""[{"id":"a2"}]"""),
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              s1:
                url: {api.Url("/logs")}
                query_params:
                  limit: 1
                  sortOrder: ASCENDING
                pagination:
                  strategy: link_header
            """);
        var result = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "a1", "a2" }, result.Lines.EventField("id"));
        Assert.Equal(new[] { "?limit=1&sortOrder=ASCENDING", "?after=a1&limit=1" }, api.Requests.Select(r => r.QueryString));
    }

    [Fact]
    public async Task Max_pages_ends_the_cycle_and_the_next_run_resumes_from_the_stored_link()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r =>
        {
            var page = int.Parse(r.Param("page") ?? "1");
            var body = $$"""[{"id":"p{{page}}a"},{"id":"p{{page}}b"}]""";
            return page < 5 ? FakeResponse.Json(body).WithNext(api.Url($"/logs?page={page + 1}")) : FakeResponse.Json(body);
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              s1:
                url: {api.Url("/logs")}
                pagination:
                  strategy: link_header
                  max_pages: 2
            """);

        var run1 = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "p1a", "p1b", "p2a", "p2b" }, run1.Lines.EventField("id"));
        Assert.Equal(api.Url("/logs?page=3"), await StateCli.GetAsync(config, "s1", "next_url"));

        var run2 = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "p3a", "p3b", "p4a", "p4b" }, run2.Lines.EventField("id"));
        Assert.Equal("?page=3", api.Requests[2].QueryString);

        var run3 = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "p5a", "p5b" }, run3.Lines.EventField("id"));
        // The last page had no next link: the stored link is cleared, the next cycle starts from url.
        Assert.Equal("", await StateCli.GetAsync(config, "s1", "next_url"));
        Assert.Equal(5, api.Requests.Count);
    }

    [Fact]
    public async Task An_empty_page_ends_the_cycle_on_an_api_that_always_returns_a_next_link()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var log = new GrowingLog(3);
        log.ServeLinkHeader(api, "/api/v1/logs");
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              okta:
                url: {api.Url("/api/v1/logs")}
                query_params:
                  limit: 2
                pagination:
                  strategy: link_header
            """);
        var result = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "e1", "e2", "e3" }, result.Lines.EventField("id"));
        // Page 1 (2 events), page 2 (1 event), page 3 (empty, with a next link): stop there.
        Assert.Equal(3, api.Requests.Count);
        Assert.Equal(api.Url("/api/v1/logs?after=e3&limit=2"), await StateCli.GetAsync(config, "okta", "next_url"));
    }

    [Fact]
    public async Task Without_stop_on_empty_page_empty_pages_are_followed_up_to_max_pages()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var log = new GrowingLog(3);
        log.ServeLinkHeader(api, "/api/v1/logs");
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              okta:
                url: {api.Url("/api/v1/logs")}
                query_params:
                  limit: 2
                pagination:
                  strategy: link_header
                  max_pages: 6
                  stop_on_empty_page: false
            """);
        var result = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "e1", "e2", "e3" }, result.Lines.EventField("id"));
        Assert.Equal(6, api.Requests.Count);
    }

    [Fact]
    public async Task Relative_links_are_resolved_against_the_response_url()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/v1/audit/logs", r => r.Param("page") switch
        {
            null => FakeResponse.Json("""[{"id":"r1"}]""").WithNext("/v1/audit/logs?page=2"),
            "2" => FakeResponse.Json("""[{"id":"r2"}]""").WithNext("logs?page=3"),
            "3" => FakeResponse.Json("""[{"id":"r3"}]""").WithNext("?page=4"),
            _ => FakeResponse.Json("""[{"id":"r4"}]"""),
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              s1:
                url: {api.Url("/v1/audit/logs")}
                pagination:
                  strategy: link_header
                  max_pages: 3
            """);
        var result = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "r1", "r2", "r3" }, result.Lines.EventField("id"));
        Assert.Equal(new[] { "/v1/audit/logs", "/v1/audit/logs", "/v1/audit/logs" }, api.Requests.Select(r => r.Path));
        Assert.Equal(new[] { "", "?page=2", "?page=3" }, api.Requests.Select(r => r.QueryString));
        // What is stored is absolute, so the next run does not depend on the page it came from.
        Assert.Equal(api.Url("/v1/audit/logs?page=4"), await StateCli.GetAsync(config, "s1", "next_url"));
    }
}
