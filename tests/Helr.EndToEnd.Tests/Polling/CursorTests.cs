using System.Text;
using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Polling;

public sealed class CursorTests
{
    [Fact]
    public async Task Get_sends_query_params_first_then_only_the_cursor_and_clears_it_at_the_end()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/events", r => r.Param("cursor") switch
        {
            null => FakeResponse.Json("""{"data":[{"id":"c1"},{"id":"c2"}],"meta":{"next":"cur-2"}}"""),
            "cur-2" => FakeResponse.Json("""{"data":[{"id":"c3"}],"meta":{"next":"cur 3/+"}}"""),
            "cur 3/+" => FakeResponse.Json("""{"data":[{"id":"c4"}],"meta":{"next":null}}"""),
            _ => FakeResponse.Json("""{"error":"unexpected cursor"}""", 400),
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              s1:
                url: {api.Url("/events")}
                query_params:
                  limit: 2
                  filter: "type eq login"
                pagination:
                  strategy: cursor
                  cursor_param: cursor
                  cursor_path: meta.next
            """);
        var result = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "c1", "c2", "c3", "c4" }, result.Lines.EventField("id"));
        var requests = api.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Equal("2", requests[0].Param("limit"));
        Assert.Equal("type eq login", requests[0].Param("filter"));
        Assert.Null(requests[0].Param("cursor"));
        Assert.All(requests.Skip(1), r => Assert.Equal(new[] { "cursor" }, r.Query.Keys));
        Assert.Equal("cur 3/+", requests[2].Param("cursor"));
        Assert.All(requests, r => Assert.Equal("GET", r.Method));
        Assert.Equal("", await StateCli.GetAsync(config, "s1", "cursor"));
    }

    [Fact]
    public async Task A_stored_cursor_is_where_the_next_run_starts()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/events", r => r.Param("cursor") switch
        {
            null => FakeResponse.Json("""{"items":[{"id":"c1"}],"next":"k2"}"""),
            "k2" => FakeResponse.Json("""{"items":[{"id":"c2"}],"next":"k3"}"""),
            _ => FakeResponse.Json("""{"items":[{"id":"c3"}]}"""),
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              s1:
                url: {api.Url("/events")}
                query_params:
                  limit: 1
                pagination:
                  strategy: cursor
                  cursor_param: cursor
                  cursor_path: next
                  max_pages: 1
            """);
        var run1 = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "c1" }, run1.Lines.EventField("id"));
        Assert.Equal("k2", await StateCli.GetAsync(config, "s1", "cursor"));

        var run2 = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "c2" }, run2.Lines.EventField("id"));
        Assert.Equal("?cursor=k2", api.Requests[1].QueryString);
        Assert.Equal("k3", await StateCli.GetAsync(config, "s1", "cursor"));
    }

    [Fact]
    public async Task Pages_that_start_with_a_byte_order_mark_are_read_and_paged_through()
    {
        static FakeResponse WithMark(string json) => FakeResponse.Raw(new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(json)).ToArray());
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/events", r => r.Param("cursor") switch
        {
            null => WithMark("""{"items":[{"id":"e1", "n": 1.50},{"id":"e2"}],"next":"k2"}"""),
            "k2" => WithMark("""{"items":[{"id":"e3"}],"next":"k3"}"""),
            "k3" => WithMark("""{"items":[{"id":"e4"}]}"""),
            _ => FakeResponse.Json("""{"error":"unexpected cursor"}""", 400),
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              s1:
                url: {api.Url("/events")}
                pagination:
                  strategy: cursor
                  cursor_param: cursor
                  cursor_path: next
                  max_pages: 2
            """);
        var run1 = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "e1", "e2", "e3" }, run1.Lines.EventField("id"));
        Assert.Contains("\"event\":{\"id\":\"e1\", \"n\": 1.50},", run1.Stdout);
        Assert.Equal("k3", await StateCli.GetAsync(config, "s1", "cursor"));

        var run2 = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "e4" }, run2.Lines.EventField("id"));
        Assert.Equal(new[] { "", "?cursor=k2", "?cursor=k3" }, api.Requests.Select(r => r.QueryString));
        Assert.Equal("", await StateCli.GetAsync(config, "s1", "cursor"));
    }

    [Fact]
    public async Task Post_sends_the_body_and_merges_the_cursor_into_it()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/api/v2/auditevents", r =>
        {
            using var body = JsonDocument.Parse(r.Body);
            return body.RootElement.TryGetProperty("cursor", out var c) && c.GetString() == "page-2"
                ? FakeResponse.Json("""{"items":[{"uuid":"u3"}],"cursor":"page-3","has_more":false}""")
                : FakeResponse.Json("""{"items":[{"uuid":"u1"},{"uuid":"u2"}],"cursor":"page-2","has_more":true}""");
        });
        api.OnGet("/api/v2/auditevents", _ => FakeResponse.Json("""{"error":"GET is not allowed"}""", 405));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              onepassword:
                url: {api.Url("/api/v2/auditevents")}
                method: post
                body:
                  limit: 2
                  start_time: "2024-01-01T00:00:00Z"
                  filter:
                    kinds: [signin, audit]
                pagination:
                  strategy: cursor
                  cursor_param: cursor
                  cursor_path: cursor
                  max_pages: 2
            """);
        var result = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "u1", "u2", "u3" }, result.Lines.EventField("uuid"));
        var requests = api.Requests;
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal("", r.QueryString);
            Assert.StartsWith("application/json", r.Header("Content-Type"));
        });
        using var first = JsonDocument.Parse(requests[0].Body);
        Assert.Equal(new[] { "limit", "start_time", "filter" }, first.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, first.RootElement.GetProperty("limit").GetInt32());
        Assert.Equal("2024-01-01T00:00:00Z", first.RootElement.GetProperty("start_time").GetString());
        Assert.Equal(new[] { "signin", "audit" }, first.RootElement.GetProperty("filter").GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));
        using var second = JsonDocument.Parse(requests[1].Body);
        Assert.Equal(new[] { "limit", "start_time", "filter", "cursor" }, second.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("page-2", second.RootElement.GetProperty("cursor").GetString());
        Assert.Equal(2, second.RootElement.GetProperty("limit").GetInt32());
    }

    [Fact]
    public async Task Post_without_a_body_sends_an_empty_object_then_only_the_cursor()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnSequence("POST", "/search",
            FakeResponse.Json("""{"logs":[{"id":"x1"}],"next":"n2"}"""),
            FakeResponse.Json("""{"logs":[{"id":"x2"}]}"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              s1:
                url: {api.Url("/search")}
                method: post
                pagination:
                  strategy: cursor
                  cursor_param: after
                  cursor_path: next
            """);
        var result = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "x1", "x2" }, result.Lines.EventField("id"));
        Assert.Equal("{}", api.Requests[0].Body);
        Assert.Equal("""{"after":"n2"}""", api.Requests[1].Body);
    }

    // Upstream's helr.yaml sets these headers for 1Password. Added beside Helr's own JSON content type,
    // the two values reached the API as one "application/json, application/json", not a media type.
    [Fact]
    public async Task Post_with_upstreams_content_type_header_sends_that_one_content_type()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnSequence("POST", "/api/v2/auditevents",
            FakeResponse.Json("""{"items":[{"uuid":"u1"}],"cursor":"page-2","has_more":true}"""),
            FakeResponse.Json("""{"items":[{"uuid":"u2"}],"cursor":"","has_more":false}"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $$"""
            sources:
              onepassword:
                url: {{api.Url("/api/v2/auditevents")}}
                method: post
                body: {}
                headers:
                  Accept: "application/json"
                  Content-Type: "application/json"
                pagination:
                  strategy: cursor
                  cursor_param: cursor
                  cursor_path: cursor
            """);
        var result = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "u1", "u2" }, result.Lines.EventField("uuid"));
        Assert.Equal(2, api.Requests.Count);
        Assert.All(api.Requests, r =>
        {
            Assert.Equal("application/json", r.Header("Content-Type"));
            Assert.Equal("application/json", r.Header("Accept"));
        });
    }
}
