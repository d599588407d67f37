using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Hooks;

/// <summary>
/// The envelope of a hook source's events: a <c>parseResponse</c> element's <c>ts</c> and <c>source</c>
/// strings are its <c>ts</c> and label value, as upstream writes them. Helr read <c>ts</c> from the event
/// only, so a script written for upstream's Andromeda example (<c>ts: node.time</c>, a key not among the
/// fallbacks) had every line stamped with the time it was collected. Upstream's hook lines also carry
/// <c>meta.request_id</c> (the page's <c>ctx.request_id</c>) and the hook's string <c>meta.cursor</c>,
/// which Helr did not write: a pipeline ported from upstream that reads them found them missing.
/// </summary>
public sealed class HookEnvelopeTests
{
    // The script as a YAML double-quoted scalar.
    private static string Inline(string script) =>
        script.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    [Fact]
    public async Task A_hook_line_carries_its_pages_request_id_and_the_hooks_string_cursor_beside_the_id_field()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/events", r => r.Param("page") switch
        {
            null => FakeResponse.Json("""{"nodes":[{"id":"a"},{"id":"b"}],"next":"2"}"""),
            _ => FakeResponse.Json("""{"nodes":[{"id":"c"},{"id":"d"}]}"""),
        });
        using var dir = new TempDir();
        // Each event records the ctx.request_id parseResponse got, each request the one buildRequest got.
        const string script = """
            function buildRequest(ctx) { return { query: { rid: ctx.request_id } }; }
            function parseResponse(ctx, response) {
              return response.body.nodes.map(function (node) {
                var meta = { id: "hook-" + node.id };
                if (node.id === "a" || node.id === "c") meta.cursor = "pos \"" + node.id + "\"";
                if (node.id === "d") meta.cursor = 7;
                return { event: { id: node.id, seen: ctx.request_id }, meta: meta };
              });
            }
            function getNextPage(ctx, request, response) {
              return response.body.next ? { url: request.url.split("?")[0] + "?page=" + response.body.next } : null;
            }
            """;
        var config = dir.Write("helr.yaml", $$"""
            global:
              hooks:
                enabled: true
            sources:
              ported:
                url: {{api.Url("/events")}}
                transform:
                  id_field: id
                hooks:
                  script_inline: "{{Inline(script)}}"
            """);

        var run = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);

        Assert.Equal(0, run.ExitCode);
        var lines = Ndjson.Parse(run.Stdout);
        Assert.Equal(new[] { "a", "b", "c", "d" }, lines.EventField("id"));
        var requestIds = lines.Select(l => l.GetProperty("meta").GetProperty("request_id").GetString()!).ToList();
        Assert.Equal(lines.EventField("seen"), requestIds);
        Assert.All(requestIds, id => Assert.Matches("^helr-[0-9]+$", id));
        // One per page: the one buildRequest put on the page's request.
        Assert.Equal(2, api.Requests.Count);
        Assert.Equal(new[] { api.Requests[0].Param("rid"), api.Requests[0].Param("rid"), api.Requests[1].Param("rid"), api.Requests[1].Param("rid") }, requestIds);
        Assert.NotEqual(requestIds[0], requestIds[2]);
        // A string cursor is written as given; none, or one that is not a string, writes none.
        Assert.Equal("pos \"a\"", lines[0].GetProperty("meta").GetProperty("cursor").GetString());
        Assert.False(lines[1].GetProperty("meta").TryGetProperty("cursor", out _));
        Assert.Equal("pos \"c\"", lines[2].GetProperty("meta").GetProperty("cursor").GetString());
        Assert.False(lines[3].GetProperty("meta").TryGetProperty("cursor", out _));
        // meta.id stays transform.id_field's, read from the event (the hook's meta.id is not written).
        Assert.Equal(new[] { "a", "b", "c", "d" }, lines.Select(l => l.GetProperty("meta").GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Events_a_hook_source_reads_declaratively_carry_the_pages_request_id_and_a_source_without_hooks_none()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/events", _ => FakeResponse.Json("""[{"id":"a"},{"id":"b"}]"""));
        using var dir = new TempDir();
        const string script = """
            function buildRequest(ctx) { return { query: { rid: ctx.request_id } }; }
            """;
        var config = dir.Write("helr.yaml", $$"""
            global:
              hooks:
                enabled: true
            sources:
              hooked:
                url: {{api.Url("/events")}}
                hooks:
                  script_inline: "{{Inline(script)}}"
              plain:
                url: {{api.Url("/events")}}
            """);

        var hooked = await HelrProcess.RunAsync($"run --once -c {config} --source hooked", dir.Path);
        var plain = await HelrProcess.RunAsync($"run --once -c {config} --source plain", dir.Path);

        Assert.Equal(0, hooked.ExitCode);
        var lines = Ndjson.Parse(hooked.Stdout);
        Assert.Equal(new[] { "a", "b" }, lines.EventField("id"));
        var rid = api.Requests[0].Param("rid");
        Assert.StartsWith("helr-", rid);
        Assert.All(lines, l => Assert.Equal(rid, l.GetProperty("meta").GetProperty("request_id").GetString()));
        Assert.Equal(0, plain.ExitCode);
        Assert.All(Ndjson.Parse(plain.Stdout), l => Assert.Equal("{}", l.GetProperty("meta").GetRawText()));
    }

    [Fact]
    public async Task A_hooks_ts_and_source_are_the_lines_ts_and_label_and_an_event_without_them_keeps_the_sources_rules()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/events", _ => FakeResponse.Json("""
            {"nodes":[
              {"id":"a","time":"2024-03-01T10:00:00Z","created_at":"2099-01-01T00:00:00Z"},
              {"id":"b","published":"2024-03-02T10:00:00Z"}
            ]}
            """));
        using var dir = new TempDir();
        const string script = """
            function parseResponse(ctx, response) {
              return response.body.nodes.map(function (node) {
                if (!node.time) return { event: node, meta: { id: node.id } };
                return { ts: node.time, source: ctx.sourceId, event: node, meta: { id: node.id } };
              });
            }
            """;
        var config = dir.Write("helr.yaml", $$"""
            global:
              hooks:
                enabled: true
            sources:
              andromeda:
                url: {{api.Url("/events")}}
                source_label_value: audit
                hooks:
                  script_inline: "{{Inline(script)}}"
            """);

        var run = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);

        Assert.Equal(0, run.ExitCode);
        var lines = Ndjson.Parse(run.Stdout);
        Assert.Equal(new[] { "a", "b" }, lines.EventField("id"));
        Assert.Equal("2024-03-01T10:00:00Z", lines[0].GetProperty("ts").GetString());
        Assert.Equal("andromeda", lines[0].GetProperty("source").GetString());
        // No ts or source from the hook: the fallback keys and source_label_value, as before.
        Assert.Equal("2024-03-02T10:00:00Z", lines[1].GetProperty("ts").GetString());
        Assert.Equal("audit", lines[1].GetProperty("source").GetString());
    }
}
