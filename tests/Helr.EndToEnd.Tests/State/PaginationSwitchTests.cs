using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.State;

/// <summary>
/// A source whose <c>pagination.strategy</c> is switched (or removed) while its traversal is under way:
/// the stored <c>next_url</c> was made for the old config. It stayed, so a hook script that resumes at
/// <c>next_url</c> followed it on the next run (the old query, not the new), and switching back to
/// <c>link_header</c> later resumed a link left behind long ago, writing again what was written since.
/// </summary>
public sealed class PaginationSwitchTests
{
    // e1 … e6, one second apart, alternating login / logout; filtered by `filter` and `since` (inclusive),
    // paged by position, the next link repeating the query as Okta's does.
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

    private static async Task<HelrResult> RunAsync(string config, TempDir dir)
    {
        var result = await HelrProcess.RunOnceAsync(config, dir);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static string LinkHeader(TempDir dir, FakeVendorServer api, string extra) => dir.Write("helr.yaml", $"""
        {dir.SqliteStateGlobal}
        sources:
          s1:
            url: {api.Url("/logs")}
            query_params:
              limit: 2
            pagination:
              strategy: link_header
              max_pages: 1
        {extra}
        """);

    [Fact]
    public async Task A_hook_script_that_resumes_at_next_url_does_not_follow_the_link_link_header_paging_left()
    {
        await using var api = await FakeVendorServer.StartAsync();
        Serve(api);
        using var dir = new TempDir();
        const string dedupe = "    dedupe:\n      id_path: id";
        var config = LinkHeader(dir, api, dedupe);
        Assert.Equal(new[] { "e1", "e2" }, (await RunAsync(config, dir)).Lines.EventField("id"));
        Assert.Equal(api.Url("/logs?after=2&limit=2"), await StateCli.GetAsync(config, "s1", "next_url"));

        // Logins only, paged by the script: it stores where to go on as upstream's scripts do.
        dir.Write("logins.js", $$"""
            function commitState(ctx, events) {
              if (events.length === 0) return {};
              return { next_url: "{{api.Url("/logs")}}?filter=login&limit=2&after=" + events[events.length - 1].event.id.slice(1) };
            }
            """);
        dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
              hooks:
                enabled: true
                path: {dir.Path}
            sources:
              s1:
                url: {api.Url("/logs")}
                query_params:
                  filter: login
                  limit: 2
                hooks:
                  script: logins.js
            {dedupe}
            """);
        var sent = api.Requests.Count;
        var switched = await RunAsync(config, dir);

        // The old link asked for every type: e3 and the logout e4.
        Assert.Equal("?filter=login&limit=2", api.Requests[sent].QueryString);
        Assert.Equal(new[] { "e3" }, switched.Lines.EventField("id"));
        Assert.Contains("the stored next_url was made by pagination.strategy link_header", switched.Stderr);
        Assert.Equal("", await StateCli.GetAsync(config, "s1", "next_url_query") ?? "");

        // The script's own next_url is followed.
        var resumed = await RunAsync(config, dir);
        Assert.Equal("?filter=login&limit=2&after=3", api.Requests[sent + 1].QueryString);
        Assert.Equal(new[] { "e5" }, resumed.Lines.EventField("id"));
        Assert.DoesNotContain("pagination.strategy", resumed.Stderr);
    }

    [Fact]
    public async Task Switching_back_to_link_header_starts_at_the_watermark_not_at_a_link_left_behind()
    {
        await using var api = await FakeVendorServer.StartAsync();
        Serve(api);
        using var dir = new TempDir();
        const string watermark = "    state:\n      watermark_field: ts\n      watermark_param: since\n    transform:\n      id_field: id";
        var config = LinkHeader(dir, api, watermark);
        Assert.Equal(new[] { "e1", "e2" }, (await RunAsync(config, dir)).Lines.EventField("id"));

        // One page a cycle, large enough for everything: the traversal completes and the watermark moves to e6.
        dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              s1:
                url: {api.Url("/logs")}
                query_params:
                  limit: 10
            {watermark}
            """);
        var single = await RunAsync(config, dir);
        Assert.Equal(new[] { "e1", "e2", "e3", "e4", "e5", "e6" }, single.Lines.EventField("id"));

        LinkHeader(dir, api, watermark);
        var sent = api.Requests.Count;
        var back = await RunAsync(config, dir);

        // The link left behind asked for e3 and e4 again.
        Assert.Equal("2024-01-01T00:00:06Z", api.Requests[sent].Param("since"));
        Assert.Empty(back.Lines.EventField("id"));
        Assert.DoesNotContain("pagination.strategy", back.Stderr);
        Assert.Contains("the stored next_url was made by pagination.strategy link_header", single.Stderr);
    }
}
