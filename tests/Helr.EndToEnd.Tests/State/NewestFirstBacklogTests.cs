using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.State;

/// <summary>
/// A newest-first <c>offset</c> API with more backlog than <c>max_pages</c> covers: each cycle stores
/// the offset it reached and the next one continues there from the same range start; the watermark
/// moves only when the traversal reaches its end (issue 21, item 6).
/// </summary>
public sealed class NewestFirstBacklogTests
{
    private const int Limit = 2;
    private const int MaxPages = 2;

    [Fact]
    public async Task A_backlog_of_three_times_max_pages_is_collected_completely_over_the_following_cycles()
    {
        // seq 1..12: three cycles' worth of full pages, served newest first, filtered by `after`.
        var events = Enumerable.Range(1, 3 * MaxPages * Limit).ToList();
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/audit", r =>
        {
            var after = int.Parse(r.Param("after") ?? "0");
            int[] newestFirst;
            lock (events) newestFirst = events.Where(seq => seq > after).OrderDescending().ToArray();
            var page = newestFirst.Skip(int.Parse(r.Param("offset")!)).Take(int.Parse(r.Param("limit")!));
            return FakeResponse.Json("[" + string.Join(",", page.Select(seq => $$"""{"id":"e{{seq}}","seq":{{seq}}}""")) + "]");
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              newest:
                url: {api.Url("/audit")}
                pagination:
                  strategy: offset
                  offset_param: offset
                  limit_param: limit
                  limit: {Limit}
                  max_pages: {MaxPages}
                state:
                  watermark_field: seq
                  watermark_param: after
            """);

        var seen = new List<string>();
        seen.AddRange((await HelrProcess.RunOnceAsync(config, dir)).Lines.EventField("id"));
        var state = (await HelrProcess.RunAsync($"state show newest -c {config}", dir.Path)).Stdout;
        Assert.DoesNotContain("  watermark: ", state); // the newest event was read, but eight older ones were not
        Assert.Contains("  offset: 4\n", state);
        // Two events arrive mid-traversal; they shift the offsets, which repeats events but skips none.
        lock (events) events.AddRange(new[] { 13, 14 });

        for (var cycle = 2; cycle <= 4; cycle++) seen.AddRange((await HelrProcess.RunOnceAsync(config, dir)).Lines.EventField("id"));
        state = (await HelrProcess.RunAsync($"state show newest -c {config}", dir.Path)).Stdout;
        Assert.Contains("  watermark: 12\n", state); // the traversal ended on a short page: now the range start moves
        Assert.All(api.Requests, r => Assert.Null(r.Param("after")));

        var before = api.Requests.Count;
        seen.AddRange((await HelrProcess.RunOnceAsync(config, dir)).Lines.EventField("id"));
        Assert.Equal("12", api.Requests[before].Param("after"));
        Assert.Equal(Enumerable.Range(1, 14).Select(seq => $"e{seq}").Order(), seen.Distinct().Order());
    }
}
