using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Helr.EndToEnd.Tests.State;

/// <summary>
/// Several <c>helr run</c> processes share one config and one Redis or Postgres store: each source is
/// polled by one instance at a time (its lease holder), so every event comes out exactly once in total,
/// and when an instance dies the others take its sources over from the stored checkpoint.
/// </summary>
public sealed class MultiInstanceTests(ITestOutputHelper output)
{
    public static readonly TheoryData<string> Shared = new() { "redis", "postgres" };

    [SkippableTheory]
    [MemberData(nameof(Shared))]
    public async Task Three_instances_emit_every_event_once_and_survive_losing_one(string backend)
    {
        await using var server = await StoreServer.StartAsync(backend, output);
        await using var api = await FakeVendorServer.StartAsync();
        var feeds = Enumerable.Range(0, 10).Select(i => new EventFeed($"src{i}").Add(20).Mount(api)).ToList();
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            global:
              state:
            {server.StateYaml}
                lease_ttl_secs: 3
            sources:
            {string.Join("\n", feeds.Select(f => f.SourceYaml(api, intervalSecs: 1)))}
            """);
        var instances = Enumerable.Range(0, 3).Select(_ => HelrProcess.Start($"run -c {config}", dir.Path)).ToList();
        try
        {
            var all = () => instances.SelectMany(i => Eventually.EventIds(i.Stdout)).ToList();
            var dataset = () => feeds.SelectMany(f => f.Ids).ToHashSet();
            await Eventually.WaitAsync(() => all().ToHashSet().SetEquals(dataset()), TimeSpan.FromSeconds(90),
                () => $"{all().Distinct().Count()} of {dataset().Count} events");
            // Let every source be polled again a few times: re-polls must add nothing.
            await api.WaitForRequestsAsync(api.Requests.Count + 40, TimeSpan.FromSeconds(60));
            AssertExactlyOnce(all(), dataset());
            // Sources are spread: every instance ends up holding a fair share (here 3 or 4 of the 10).
            await Eventually.WaitAsync(() => instances.All(i => i.Stderr.Contains("lease acquired", StringComparison.Ordinal)), TimeSpan.FromSeconds(60),
                () => string.Join("\n---\n", instances.Select(i => i.Stderr)));
            var busiest = instances.OrderByDescending(i => Eventually.EventIds(i.Stdout).Count).First();
            var owned = Eventually.EventIds(busiest.Stdout).Select(id => id.Split('-')[0]).Distinct().ToList();
            output.WriteLine($"{backend}: lines per instance {string.Join(", ", instances.Select(i => Eventually.EventIds(i.Stdout).Count))}; killing one that polled {string.Join(", ", owned)}");

            busiest.Signal("KILL");
            await busiest.WaitAsync(TimeSpan.FromSeconds(30));
            foreach (var feed in feeds) feed.Add(10);
            await Eventually.WaitAsync(() => all().ToHashSet().SetEquals(dataset()), TimeSpan.FromSeconds(90),
                () => $"{all().Distinct().Count()} of {dataset().Count} events after the kill");
            await api.WaitForRequestsAsync(api.Requests.Count + 40, TimeSpan.FromSeconds(60));
            AssertExactlyOnce(all(), dataset());
            var survivors = instances.Where(i => i != busiest).ToList();
            Assert.All(owned, source => Assert.Contains(survivors, s => Eventually.EventIds(s.Stdout).Any(id => id.StartsWith(source + "-", StringComparison.Ordinal))));
        }
        finally
        {
            foreach (var instance in instances) await instance.DisposeAsync();
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Shared))]
    public async Task Run_once_skips_a_source_that_another_instance_is_polling(string backend)
    {
        await using var server = await StoreServer.StartAsync(backend, output);
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("held").Add(5).Mount(api);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            global:
              state:
            {server.StateYaml}
            sources:
            {feed.SourceYaml(api, intervalSecs: 60)}
            """);
        await using var running = HelrProcess.Start($"run -c {config}", dir.Path);
        await running.WaitForLinesAsync(5, TimeSpan.FromSeconds(60));
        var requests = api.Requests.Count;

        var once = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Empty(once.Lines);
        Assert.Contains("skipped: held is being polled by another instance", once.Stderr);
        Assert.Equal(requests, api.Requests.Count);
    }

    [SkippableTheory]
    [MemberData(nameof(Shared))]
    public async Task A_source_removed_by_a_reload_is_taken_over_at_once_by_an_instance_that_still_has_it(string backend)
    {
        await using var server = await StoreServer.StartAsync(backend, output);
        await using var api = await FakeVendorServer.StartAsync();
        var stay = new EventFeed("stay").Add(3).Mount(api);
        var moved = new EventFeed("moved").Add(4).Mount(api);
        using var dir = new TempDir();
        // A lease lives 60 s: without being handed back, the removed source would stay with the first
        // instance (renewed while it runs), and the second could not take it within this test.
        string Config(params EventFeed[] feeds) => $"""
            global:
              state:
            {server.StateYaml}
                lease_ttl_secs: 60
            sources:
            {string.Join("\n", feeds.Select(f => f.SourceYaml(api, intervalSecs: 1)))}
            """;
        var first = dir.Write("first.yaml", Config(stay, moved));
        var second = dir.Write("second.yaml", Config(moved));
        await using var a = HelrProcess.Start($"run -c {first}", dir.Path);
        await Eventually.WaitAsync(() => Eventually.EventIds(a.Stdout).Count(id => id.StartsWith("moved-", StringComparison.Ordinal)) == 4,
            TimeSpan.FromSeconds(60), () => a.Stderr);

        dir.Write("first.yaml", Config(stay));
        a.Signal("HUP");
        await a.WaitForStderrAsync("removed [moved]", TimeSpan.FromSeconds(30));
        await a.WaitForStderrAsync("lease released: moved is no longer in this instance's config", TimeSpan.FromSeconds(30));

        moved.Add(2);
        await using var b = HelrProcess.Start($"run -c {second}", dir.Path);
        await Eventually.WaitAsync(() => Eventually.EventIds(b.Stdout).Count == 2, TimeSpan.FromSeconds(30), () => b.Stderr);
        // The second instance went on from the first one's checkpoint: only the new events, each once.
        Assert.Equal(moved.Ids.Skip(4), Eventually.EventIds(b.Stdout));
        Assert.DoesNotContain(Eventually.EventIds(a.Stdout), id => moved.Ids.Skip(4).Contains(id));
    }

    private static void AssertExactlyOnce(List<string> emitted, HashSet<string> dataset)
    {
        var duplicates = emitted.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"emitted more than once: {string.Join(", ", duplicates.Take(20))}");
        Assert.True(dataset.SetEquals(emitted), "emitted set differs from the dataset");
    }
}
