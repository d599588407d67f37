using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.State;

/// <summary>
/// A cursor source whose query is edited while a traversal is under way: a cursor request carries the
/// url and the cursor alone, and the API reads the rest of the traversal from the cursor, so resuming it
/// kept collecting the old query; an API that hands back a cursor on every page never ended it.
/// </summary>
public sealed class CursorQueryEditTests
{
    // e1 … e6 alternating login / logout. The cursor holds the position and the query it belongs to, as
    // a vendor's opaque cursor does; a request with one reads nothing else. A cursor comes on every page.
    private static void Serve(FakeVendorServer api)
    {
        var events = Enumerable.Range(1, 6).Select(i => (Id: $"e{i}", Type: i % 2 == 1 ? "login" : "logout")).ToArray();
        api.OnGet("/events", r =>
        {
            var (after, filter, limit) = r.Param("cursor") is { } cursor && cursor.Split('-') is [var a, var f, var l]
                ? (int.Parse(a), f == "" ? null : f, int.Parse(l))
                : (0, r.Param("filter"), int.Parse(r.Param("limit") ?? "100"));
            var matching = events.Select((e, i) => (e, i)).Where(x => x.i >= after && (filter is null || x.e.Type == filter)).Take(limit).ToList();
            var next = matching.Count == 0 ? after : matching[^1].i + 1;
            var data = string.Join(",", matching.Select(x => $$"""{"id":"{{x.e.Id}}","type":"{{x.e.Type}}"}"""));
            return FakeResponse.Json($$"""{"data":[{{data}}],"next":"{{next}}-{{filter}}-{{limit}}"}""");
        });
    }

    private static string Config(TempDir dir, FakeVendorServer api, string queryParams) => dir.Write("helr.yaml", $"""
        {dir.SqliteStateGlobal}
        sources:
          s1:
            url: {api.Url("/events")}
            query_params:
        {queryParams}
            response_events_path: data
            pagination:
              strategy: cursor
              cursor_param: cursor
              cursor_path: next
              max_pages: 2
            dedupe:
              id_path: id
        """);

    private static async Task<HelrResult> RunAsync(string config, TempDir dir)
    {
        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    [Fact]
    public async Task An_edited_query_restarts_the_traversal_with_it_and_no_event_is_lost_or_written_twice()
    {
        await using var api = await FakeVendorServer.StartAsync();
        Serve(api);
        using var dir = new TempDir();
        var config = Config(dir, api, "      filter: login\n      limit: 1");

        var first = await RunAsync(config, dir);
        Assert.Equal(new[] { "e1", "e3" }, first.Lines.EventField("id"));
        Assert.Equal("3-login-1", await StateCli.GetAsync(config, "s1", "cursor"));

        // Every type now, two a page: the stored cursor still stands for filter=login.
        Config(dir, api, "      limit: 2");
        var sent = api.Requests.Count;
        var second = await RunAsync(config, dir);

        Assert.Equal("?limit=2", api.Requests[sent].QueryString);
        Assert.Contains("changed since the stored cursor was made", second.Stderr);
        Assert.DoesNotContain("login", second.Stderr);
        // e1 and e3 come back with the new query: dedupe drops them.
        Assert.Equal(new[] { "e2", "e4" }, second.Lines.EventField("id"));

        var third = await RunAsync(config, dir);
        Assert.Equal(new[] { "e5", "e6" }, third.Lines.EventField("id"));
        Assert.DoesNotContain("changed since", third.Stderr);
        Assert.Equal("?cursor=4--2", api.Requests[sent + 2].QueryString);
    }
}
