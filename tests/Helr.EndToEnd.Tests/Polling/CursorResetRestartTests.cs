using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Helr.EndToEnd.Tests.Polling;

/// <summary>on_cursor_error: reset starts the same cycle again from the first request, on every backend.</summary>
public sealed class CursorResetRestartTests(Stores stores, ITestOutputHelper output) : IClassFixture<Stores>
{
    public static TheoryData<string> Backends => BackendCycles.All;

    [SkippableTheory]
    [MemberData(nameof(Backends))]
    public async Task The_cycle_whose_stored_cursor_is_rejected_collects_what_is_new_at_once(string backend)
    {
        await using var api = await FakeVendorServer.StartAsync();
        var firstRequests = 0;
        api.OnGet("/audit", r => r.Param("cursor") switch
        {
            // The first cycle stops at max_pages with cursor t2 stored; t2 then expires and e3 arrives.
            null => Interlocked.Increment(ref firstRequests) == 1
                ? FakeResponse.Json("""{"entries":[{"id":"e1"},{"id":"e2"}],"next":"t2"}""")
                : FakeResponse.Json("""{"entries":[{"id":"e1"},{"id":"e2"},{"id":"e3"}],"next":""}"""),
            _ => FakeResponse.Json("""{"ok":false,"error":"invalid_cursor"}""", 400),
        });
        using var dir = new TempDir();
        var state = await stores.StateYamlAsync(backend, dir, output);
        var config = dir.Write("helr.yaml", $"""
            {BackendCycles.Global(state)}
            sources:
              slack:
                url: {api.Url("/audit")}
                on_cursor_error: reset
                schedule:
                  interval_secs: 1
                dedupe:
                  id_path: id
                pagination:
                  strategy: cursor
                  cursor_param: cursor
                  cursor_path: next
                  max_pages: 1
            """);
        var run = await BackendCycles.RunAsync(backend, config, dir, "slack", cycles: 2);

        // The second cycle: rejected cursor, then the first request again, which brings e3.
        Assert.Equal(new[] { null, "t2", null }, api.Requests.Take(3).Select(r => r.Param("cursor")));
        Assert.Equal(new[] { "e1", "e2", "e3" }, run.Lines.EventField("id"));
        Assert.Equal(1, BackendCycles.Count(run.Stderr, "rejected the stored cursor"));
    }
}
