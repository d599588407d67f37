using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Hooks;

/// <summary>
/// A script ported from upstream that resumes by storing <c>next_url</c> in <c>commitState</c>: upstream
/// starts each hook cycle there, with or without <c>pagination</c>. Helr started at <c>url</c> every
/// cycle, so each run read the API from the top and wrote the same events again.
/// </summary>
public sealed class HookNextUrlResumeTests
{
    [Fact]
    public async Task The_next_run_starts_at_the_next_url_commitState_stored_and_writes_no_event_twice()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => r.Param("after") switch
        {
            null => FakeResponse.Json("""{"items":[{"id":"e1"},{"id":"e2"}]}"""),
            "e2" => FakeResponse.Json("""{"items":[{"id":"e3"}]}"""),
            _ => FakeResponse.Json("""{"items":[]}"""),
        });
        using var dir = new TempDir();
        var script = $$"""
            function parseResponse(ctx, response) {
              return response.body.items.map(function (e) { return { event: e }; });
            }
            function getAuth(ctx) { return { query: { org: "acme" } }; }
            function commitState(ctx, events) {
              if (events.length === 0) return {};
              return { next_url: "{{api.Url("/logs")}}?after=" + events[events.length - 1].event.id };
            }
            """;
        dir.Write("resume.js", script);
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
              hooks:
                enabled: true
                path: {dir.Path}
            sources:
              ported:
                url: {api.Url("/logs")}
                query_params:
                  limit: 2
                hooks:
                  script: resume.js
            """);

        var run1 = await HelrProcess.RunOnceAsync(config, dir);
        var run2 = await HelrProcess.RunOnceAsync(config, dir);

        Assert.Equal(new[] { "e1", "e2" }, run1.Lines.EventField("id"));
        Assert.Equal(new[] { "e3" }, run2.Lines.EventField("id"));
        // The stored URL as it is (its own query, not the source's query_params), with getAuth's query added.
        Assert.Equal("?after=e2&org=acme", api.Requests[1].QueryString);
        Assert.Equal(api.Url("/logs") + "?after=e3", await StateCli.GetAsync(config, "ported", "next_url"));
    }
}
