using Helr.EndToEnd.Tests.Polling;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Hooks;

/// <summary>
/// A page a hook source cannot read (an HTML page served with 200) follows <c>on_parse_error</c> as it
/// does for a source without hooks: fail names the page, skip skips it and goes on or stops as the
/// paging allows. The declarative extraction a <c>parseResponse</c> returning null falls back to threw
/// out of the hook cycle instead: the poll failed without the page, skip or not; and a
/// <c>getNextPage</c> reading the skipped page's text failed the poll too.
/// </summary>
public sealed class HookParseErrorTests
{
    // Handles a wrapped shape of the API's and leaves everything else to the declarative extraction.
    private const string FallbackScript = """
        function parseResponse(ctx, r) {
          if (r.body && r.body.wrapped) return r.body.wrapped.map(function (e) { return { event: e }; });
          return null;
        }
        """;

    [Fact]
    public async Task Without_on_parse_error_an_unreadable_page_fails_the_poll_naming_the_page_without_its_query()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/fallback", _ => FakeResponse.Text("<html>maintenance</html>", 200, "text/html"));
        api.OnGet("/paged", _ => FakeResponse.Text("<html>maintenance</html>", 200, "text/html"));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $$"""
            global:
              hooks:
                enabled: true
            sources:
              fallback:
                url: {{api.Url("/fallback")}}?tenant=acme
                hooks:
                  script_inline: "{{Inline(FallbackScript)}}"
              paged:
                url: {{api.Url("/paged")}}?tenant=acme
                hooks:
                  script_inline: "function getNextPage(ctx, req, r) { return r.body.next ? { url: r.body.next } : null; }"
            """);

        var run = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);

        Assert.Equal(1, run.ExitCode);
        foreach (var (source, path) in new[] { ("fallback", "/fallback"), ("paged", "/paged") })
        {
            var failure = Assert.Single(run.Stderr.Split('\n'), l => l.Contains($"poll failed: {source}: ", StringComparison.Ordinal));
            Assert.Contains($"cannot read events from {api.Url(path)}", failure);
            Assert.Contains("(the body looks like HTML or XML, not JSON)", failure);
            Assert.DoesNotContain("acme", failure);
        }
        Assert.Empty(Ndjson.Parse(run.Stdout));
    }

    [Fact]
    public async Task Under_skip_a_link_paged_source_whose_parseResponse_falls_back_writes_the_pages_around_an_unreadable_one()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""{"wrapped":[{"id":"1"},{"id":"2"}]}""").WithNext(api.Url("/logs/2")));
        api.OnGet("/logs/2", _ => FakeResponse.Text("<html>maintenance</html>", 200, "text/html").WithNext(api.Url("/logs/3")));
        api.OnGet("/logs/3", _ => FakeResponse.Json("""[{"id":"5"}]""").WithNext(api.Url("/logs/4")));
        api.OnGet("/logs/4", _ => FakeResponse.Json("[]").WithNext(api.Url("/logs/4")));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $$"""
            {{dir.SqliteStateGlobal}}
              hooks:
                enabled: true
            sources:
              logs:
                url: {{api.Url("/logs")}}
                on_parse_error: skip
                pagination:
                  strategy: link_header
                hooks:
                  script_inline: "{{Inline(FallbackScript)}}"
            """);

        var run = await BackendCycles.RunAsync("sqlite", config, dir, "logs", cycles: 2);

        Assert.Equal(new[] { "1", "2", "5" }, run.Lines.EventField("id"));
        Assert.Equal(new[] { "/logs", "/logs/2", "/logs/3", "/logs/4", "/logs/4" }, api.Requests.Select(r => r.Path));
        var warning = Assert.Single(run.Stderr.Split('\n'), l => l.Contains("could not be parsed", StringComparison.Ordinal));
        Assert.Contains("source logs: skipping a page from " + api.Url("/logs/2"), warning);
        Assert.Contains("on_parse_error: skip", warning);
        Assert.DoesNotContain("unhealthy", run.Stderr);
    }

    // getNextPage needs the body to go on (a cursor): the cycle stops at the unreadable page, commitState
    // is told it is still to read (next_page), and the source is unhealthy on the third cycle held there.
    [Fact]
    public async Task Under_skip_getNextPage_paging_stops_at_an_unreadable_page_resumes_there_and_loses_nothing_once_fixed()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var badPageRequests = 0;
        api.OnGet("/audit", r => r.Param("cursor") switch
        {
            null => FakeResponse.Json("""{"events":[{"id":"1"}],"next":"c2"}"""),
            _ when Interlocked.Increment(ref badPageRequests) <= 3 => FakeResponse.Text("<html>maintenance</html>", 200, "text/html"),
            _ => FakeResponse.Json("""{"events":[{"id":"2"},{"id":"3"}],"next":""}"""),
        });
        using var dir = new TempDir();
        dir.Write("cursor.js", """
            function buildRequest(ctx) {
              return ctx.state.resume ? { url: ctx.state.resume } : null;
            }
            function getNextPage(ctx, req, r) {
              if (!r.body.next.length) return null;
              return { url: req.url.split('?')[0] + '?cursor=' + r.body.next };
            }
            function commitState(ctx, events) {
              return { resume: ctx.next_page ? ctx.next_page.url : '' };
            }
            """);
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
              hooks:
                enabled: true
                path: {dir.Path}
            sources:
              cur:
                url: {api.Url("/audit")}
                on_parse_error: skip
                dedupe:
                  id_path: id
                hooks:
                  script: cursor.js
            """);

        var run = await BackendCycles.RunAsync("sqlite", config, dir, "cur", cycles: 4);

        // Each cycle after the first starts at the page the last one could not read.
        Assert.Equal(new[] { null, "c2", "c2", "c2", "c2" }, api.Requests.Select(r => r.Param("cursor")));
        Assert.Equal(new[] { "1", "2", "3" }, run.Lines.EventField("id"));
        Assert.Equal(3, BackendCycles.Count(run.Stderr, "source cur: skipping a page from " + api.Url("/audit")));
        var unhealthy = Assert.Single(run.Stderr.Split('\n'), l => l.Contains("is unhealthy", StringComparison.Ordinal));
        Assert.Contains("/audit?… could not be parsed in 3 cycle(s) in a row", unhealthy);
        Assert.Equal(1, BackendCycles.Count(run.Stderr, "source cur is healthy again"));
    }

    private static string Inline(string script) => script.Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
