using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Helr.EndToEnd.Tests.Polling;

/// <summary>on_parse_error: skip skips the page, not the rest of the cycle, and never stalls silently.</summary>
public sealed class ParseErrorSkipTests(Stores stores, ITestOutputHelper output) : IClassFixture<Stores>
{
    public static TheoryData<string> Backends => BackendCycles.All;

    [SkippableTheory]
    [MemberData(nameof(Backends))]
    public async Task A_link_paged_source_writes_the_pages_around_a_malformed_one_and_never_fetches_it_again(string backend)
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"1"},{"id":"2"}]""").WithNext(api.Url("/logs/2")));
        api.OnGet("/logs/2", _ => FakeResponse.Json("""[{"id":"3"},{"id":""").WithNext(api.Url("/logs/3")));
        api.OnGet("/logs/3", _ => FakeResponse.Json("""[{"id":"5"}]""").WithNext(api.Url("/logs/4")));
        // Caught up: an empty page whose link is stored to resume from (Okta-style).
        api.OnGet("/logs/4", _ => FakeResponse.Json("[]").WithNext(api.Url("/logs/4")));
        using var dir = new TempDir();
        var state = await stores.StateYamlAsync(backend, dir, output);
        var config = dir.Write("helr.yaml", $"""
            {BackendCycles.Global(state)}
            sources:
              logs:
                url: {api.Url("/logs")}
                on_parse_error: skip
                schedule:
                  interval_secs: 1
                pagination:
                  strategy: link_header
            """);
        var run = await BackendCycles.RunAsync(backend, config, dir, "logs", cycles: 2);

        Assert.Equal(new[] { "1", "2", "5" }, run.Lines.EventField("id"));
        Assert.Equal(new[] { "/logs", "/logs/2", "/logs/3", "/logs/4", "/logs/4" }, api.Requests.Take(5).Select(r => r.Path));
        Assert.Single(api.Requests, r => r.Path == "/logs/2");
        var warning = Assert.Single(run.Stderr.Split('\n'), l => l.Contains("could not be parsed", StringComparison.Ordinal));
        Assert.Contains("source logs", warning);
        Assert.Contains("/logs/2", warning);
        Assert.Contains("on_parse_error: skip", warning);
    }

    [SkippableTheory]
    [MemberData(nameof(Backends))]
    public async Task A_malformed_cursor_page_keeps_the_cursor_makes_the_source_unhealthy_on_the_third_cycle_and_loses_nothing_once_fixed(string backend)
    {
        await using var api = await FakeVendorServer.StartAsync();
        var badPageRequests = 0;
        api.OnGet("/audit", r => r.Param("cursor") switch
        {
            null => FakeResponse.Json("""{"events":[{"id":"1"}],"next":"c2"}"""),
            // A maintenance page served with 200 for three cycles, then the real page.
            _ when Interlocked.Increment(ref badPageRequests) <= 3 => FakeResponse.Text("<html>maintenance</html>", 200, "text/html"),
            _ => FakeResponse.Json("""{"events":[{"id":"2"},{"id":"3"}],"next":""}"""),
        });
        using var dir = new TempDir();
        var state = await stores.StateYamlAsync(backend, dir, output);
        var config = dir.Write("helr.yaml", $"""
            {BackendCycles.Global(state)}
            sources:
              cur:
                url: {api.Url("/audit")}
                on_parse_error: skip
                schedule:
                  interval_secs: 1
                dedupe:
                  id_path: id
                pagination:
                  strategy: cursor
                  cursor_param: cursor
                  cursor_path: next
            """);
        var run = await BackendCycles.RunAsync(backend, config, dir, "cur", cycles: 4);

        // The cursor never moved past the bad page: each cycle asked for it again, and nothing was lost.
        Assert.Equal(new[] { null, "c2", "c2", "c2", "c2" }, api.Requests.Take(5).Select(r => r.Param("cursor")));
        Assert.Equal(new[] { "1", "2", "3" }, run.Lines.EventField("id"));
        var unhealthy = Assert.Single(run.Stderr.Split('\n'), l => l.Contains("is unhealthy", StringComparison.Ordinal));
        Assert.Contains(" EROR source cur is unhealthy: the page at http://127.0.0.1:", unhealthy);
        Assert.Contains("/audit?… could not be parsed in 3 cycle(s) in a row", unhealthy);
        Assert.Contains("not valid JSON", unhealthy);
        Assert.Equal(1, BackendCycles.Count(run.Stderr, "source cur is healthy again"));
    }

    // The stall was reported with cursor paging's reason ("the next request depends on its body"),
    // untrue for a page_offset source, whose next request is the next page number: what holds it is
    // its stored offset, kept at the first page that failed. One backend: the wording is the point.
    [Fact]
    public async Task A_page_offset_source_stalled_at_an_unreadable_page_is_reported_with_a_true_reason()
    {
        await using var api = await FakeVendorServer.StartAsync();
        // Past its first page the API answers 200 with a maintenance page.
        api.OnGet("/audit", r => r.Param("page") == "1" ? FakeResponse.Json("""[{"id":"1"},{"id":"2"}]""") : FakeResponse.Text("<html>maintenance</html>", 200, "text/html"));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              po:
                url: {api.Url("/audit")}
                on_parse_error: skip
                schedule:
                  interval_secs: 1
                pagination:
                  strategy: page_offset
                  page_param: page
                  limit_param: limit
                  limit: 2
                  max_pages: 1
            """);
        var run = await BackendCycles.RunAsync("memory", config, dir, "po", cycles: 4);

        Assert.Equal(new[] { "1", "2", "2", "2" }, api.Requests.Take(4).Select(r => r.Param("page")));
        var unhealthy = Assert.Single(run.Stderr.Split('\n'), l => l.Contains("is unhealthy", StringComparison.Ordinal));
        Assert.Contains("could not be parsed in 3 cycle(s) in a row", unhealthy);
        Assert.DoesNotContain("depends on its body", unhealthy);
    }

    // A source whose every request carries a value computed afresh (here an end time its hook adds;
    // a request id or a cache buster alike) was never reported: each cycle's unreadable page had another
    // URL, so the count started over at 1 every cycle while the cursor stayed where it was, for good.
    [Fact]
    public async Task A_source_stalled_at_an_unreadable_page_is_reported_although_each_request_carries_a_new_time()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/audit", r => r.Param("cursor") is null
            ? FakeResponse.Json("""{"events":[{"id":"1"}],"next":"c2"}""")
            : FakeResponse.Text("<html>maintenance</html>", 200, "text/html"));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $$"""
            {{dir.SqliteStateGlobal}}
              hooks:
                enabled: true
            sources:
              cur:
                url: {{api.Url("/audit")}}
                on_parse_error: skip
                pagination:
                  strategy: cursor
                  cursor_param: cursor
                  cursor_path: next
                hooks:
                  script_inline: "function buildRequest(ctx) { return { query: { until: new Date().toISOString() } }; }"
            """);
        var run = await BackendCycles.RunAsync("sqlite", config, dir, "cur", cycles: 4);

        Assert.Equal(new[] { null, "c2", "c2", "c2", "c2" }, api.Requests.Select(r => r.Param("cursor")));
        Assert.Equal(5, api.Requests.Select(r => r.Param("until")).Distinct().Count());
        var unhealthy = run.Stderr.Split('\n').Where(l => l.Contains("is unhealthy", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, unhealthy.Count);
        Assert.Contains("could not be parsed in 3 cycle(s) in a row", unhealthy[0]);
        Assert.Contains("could not be parsed in 4 cycle(s) in a row", unhealthy[1]);
    }

    // An API that answers past its last full page with an empty body: the source is caught up, not
    // stalled. Each cycle asked max_pages (100) empty pages and the source was reported unhealthy on
    // the third; it now asks the one page where the data goes on, and reads what arrives there.
    [Fact]
    public async Task A_page_offset_source_answered_an_empty_body_past_its_data_is_caught_up_not_stalled()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var pageTwo = 0;
        api.OnGet("/audit", r => r.Param("page") switch
        {
            "1" => FakeResponse.Json("""[{"id":"1"},{"id":"2"}]"""),
            // Empty for three cycles, then an event arrives there.
            "2" when Interlocked.Increment(ref pageTwo) > 3 => FakeResponse.Json("""[{"id":"3"}]"""),
            _ => FakeResponse.Text("", 200, "application/json"),
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              po:
                url: {api.Url("/audit")}
                on_parse_error: skip
                pagination:
                  strategy: page_offset
                  page_param: page
                  limit_param: limit
                  limit: 2
            """);
        var run = await BackendCycles.RunAsync("sqlite", config, dir, "po", cycles: 4);

        Assert.Equal(new[] { "1", "2", "2", "2", "2" }, api.Requests.Select(r => r.Param("page")));
        Assert.Equal(new[] { "1", "2", "3" }, run.Lines.EventField("id"));
        Assert.DoesNotContain("unhealthy", run.Stderr);
    }
}
