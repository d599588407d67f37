using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.State;

/// <summary>
/// A link_header source whose query is edited while a traversal is under way: the stored next link
/// repeats the old query, so resuming it kept collecting that query until the traversal ended (on an
/// API that always returns a next link, never). The run after the edit starts again with the new query.
/// </summary>
public sealed class QueryEditTests
{
    // e1 … e6, one second apart, alternating login / logout. The API filters by `filter` and `since`
    // (inclusive) and pages by position, repeating the query in its next link as Okta does.
    private static void Serve(FakeVendorServer api)
    {
        var events = Enumerable.Range(1, 6).Select(i => (Id: $"e{i}", Ts: $"2024-01-01T00:00:0{i}Z", Type: i % 2 == 1 ? "login" : "logout")).ToArray();
        api.OnGet("/logs", r =>
        {
            var filter = r.Param("filter");
            var since = r.Param("since");
            var limit = int.Parse(r.Param("limit") ?? "100");
            var after = int.Parse(r.Param("after") ?? "0");
            var matching = events.Select((e, i) => (e, i)).Where(x => x.i >= after && (filter is null || x.e.Type == filter)
                && (since is null || string.CompareOrdinal(x.e.Ts, since) >= 0)).Take(limit).ToList();
            var body = "[" + string.Join(",", matching.Select(x => $$"""{"id":"{{x.e.Id}}","ts":"{{x.e.Ts}}","type":"{{x.e.Type}}"}""")) + "]";
            var query = string.Join("", new[] { ("filter", filter), ("since", since) }.Where(p => p.Item2 is not null).Select(p => $"&{p.Item1}={p.Item2}"));
            var response = FakeResponse.Json(body);
            return matching.Count == 0 ? response : response.WithNext(api.Url($"/logs?after={matching[^1].i + 1}&limit={limit}{query}"));
        });
    }

    private static string Config(TempDir dir, FakeVendorServer api, string queryParams) => dir.Write("helr.yaml", $"""
        {dir.SqliteStateGlobal}
        sources:
          s1:
            url: {api.Url("/logs")}
            query_params:
        {queryParams}
            pagination:
              strategy: link_header
              max_pages: 2
            state:
              watermark_field: ts
              watermark_param: since
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

        // Two pages of one login each; the traversal is cut short by max_pages with its link stored.
        var first = await RunAsync(config, dir);
        Assert.Equal(new[] { "e1", "e3" }, first.Lines.EventField("id"));
        Assert.Contains("filter=login", await StateCli.GetAsync(config, "s1", "next_url"));

        // Every type now, two a page: the stored link still says filter=login.
        Config(dir, api, "      limit: 2");
        var sent = api.Requests.Count;
        var second = await RunAsync(config, dir);

        Assert.Equal("?limit=2", api.Requests[sent].QueryString);
        Assert.All(api.Requests.Skip(sent), r => Assert.Null(r.Param("filter")));
        Assert.Contains("changed since the stored next_url was made", second.Stderr);
        Assert.DoesNotContain("login", second.Stderr);
        // e1 and e3 come back with the new query: dedupe drops them.
        Assert.Equal(new[] { "e2", "e4" }, second.Lines.EventField("id"));

        var third = await RunAsync(config, dir);
        Assert.Equal(new[] { "e5", "e6" }, third.Lines.EventField("id"));
        Assert.DoesNotContain("changed since", third.Stderr);
        Assert.Equal("?after=4&limit=2", api.Requests[sent + 2].QueryString);
    }

    [Fact]
    public async Task A_link_stored_before_the_fingerprint_existed_is_resumed_and_a_later_edit_restarts()
    {
        await using var api = await FakeVendorServer.StartAsync();
        Serve(api);
        using var dir = new TempDir();
        var config = Config(dir, api, "      limit: 2");
        // What an older version stored: the link alone, made with a query the config no longer has.
        var old = await HelrProcess.RunAsync($"state set -c {config} s1 next_url {api.Url("/logs?after=2&limit=1&filter=login")}", dir.Path);
        Assert.True(old.ExitCode == 0, old.ToString());

        // Unknown is not "changed": an upgrade must not restart every source.
        var upgraded = await RunAsync(config, dir);
        Assert.Equal("?after=2&limit=1&filter=login", api.Requests[0].QueryString);
        Assert.Equal(new[] { "e3", "e5" }, upgraded.Lines.EventField("id"));
        Assert.DoesNotContain("changed since", upgraded.Stderr);
        Assert.Matches("^[0-9a-f]{32}$", await StateCli.GetAsync(config, "s1", "next_url_query"));

        // The fingerprint now belongs to limit: 2 alone; the edit is seen.
        Config(dir, api, "      filter: logout\n      limit: 2");
        var edited = await RunAsync(config, dir);
        Assert.Contains("changed since the stored next_url was made", edited.Stderr);
        Assert.Equal("?filter=logout&limit=2", api.Requests[2].QueryString);
        Assert.Equal(new[] { "e2", "e4", "e6" }, edited.Lines.EventField("id"));
    }

    // The stored link of the old host is never followed, so it needs no error: the traversal starts on the new one.
    [Fact]
    public async Task A_url_moved_to_another_host_starts_there_instead_of_failing_on_the_stored_link()
    {
        await using var oldApi = await FakeVendorServer.StartAsync();
        await using var newApi = await FakeVendorServer.StartAsync();
        Serve(oldApi);
        Serve(newApi);
        using var dir = new TempDir();
        var config = Config(dir, oldApi, "      limit: 2");
        Assert.Equal(new[] { "e1", "e2", "e3", "e4" }, (await RunAsync(config, dir)).Lines.EventField("id"));

        Config(dir, newApi, "      limit: 2");
        var moved = await RunAsync(config, dir);
        Assert.Equal(2, oldApi.Requests.Count);
        Assert.Equal("?limit=2", newApi.Requests[0].QueryString);
        Assert.Contains("changed since the stored next_url was made", moved.Stderr);
        // The new host serves the same log: what the old one wrote is dropped by dedupe, then it resumes there.
        Assert.Empty(moved.Lines.EventField("id"));
        Assert.Equal(new[] { "e5", "e6" }, (await RunAsync(config, dir)).Lines.EventField("id"));
        Assert.Equal(2, oldApi.Requests.Count);
        Assert.Equal("?after=4&limit=2", newApi.Requests[2].QueryString);
    }
}
