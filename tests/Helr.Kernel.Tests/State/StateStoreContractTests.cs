using Helr.Kernel.State;
using Xunit.Abstractions;

namespace Helr.Kernel.Tests.State;

/// <summary>The same contract, run against every backend: memory, SQLite, Redis and PostgreSQL.</summary>
public sealed class StateStoreContractTests(StoreServers servers, ITestOutputHelper output) : IClassFixture<StoreServers>
{
    private static Dictionary<string, string> Values(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    [SkippableTheory]
    [MemberData(nameof(StoreServers.Backends), MemberType = typeof(StoreServers))]
    public async Task An_unknown_source_has_no_state_and_no_dedupe_ids(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        Assert.Empty(await opened.Store.GetAllAsync("nothing-here"));
        Assert.Empty(await opened.Store.GetDedupeIdsAsync("nothing-here", 100));
        Assert.Empty(await opened.Store.ListSourcesAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(StoreServers.Backends), MemberType = typeof(StoreServers))]
    public async Task Values_are_upserted_and_read_back_sorted_by_key_exactly_as_written(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        var store = opened.Store;
        await store.SetManyAsync("okta", Values(("next_url", "https://x.example/logs?after=1&limit=2"), ("cursor", "")));
        await store.SetManyAsync("okta", Values(("watermark", "2024-01-01T00:00:00Z"), ("cursor", "c2 with spaces\nand a newline, ünïcode ✓")));
        var state = await store.GetAllAsync("okta");
        Assert.Equal(new[] { "cursor", "next_url", "watermark" }, state.Keys);
        Assert.Equal("c2 with spaces\nand a newline, ünïcode ✓", state["cursor"]);
        Assert.Equal("https://x.example/logs?after=1&limit=2", state["next_url"]);
        Assert.Equal("2024-01-01T00:00:00Z", state["watermark"]);
    }

    [SkippableTheory]
    [MemberData(nameof(StoreServers.Backends), MemberType = typeof(StoreServers))]
    public async Task Sources_are_listed_sorted_and_cleared_one_at_a_time(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        var store = opened.Store;
        await store.SetManyAsync("zeta", Values(("k", "1")));
        await store.SetManyAsync("alpha", Values(("k", "2")));
        await store.CommitAsync("only-ids", new StateCommit(Values(), new[] { "e1" }, 10));
        Assert.Equal(new[] { "alpha", "only-ids", "zeta" }, await store.ListSourcesAsync());

        await store.CommitAsync("alpha", new StateCommit(Values(), new[] { "a1", "a2" }, 10));
        await store.ClearSourceAsync("alpha");
        Assert.Empty(await store.GetAllAsync("alpha"));
        Assert.Empty(await store.GetDedupeIdsAsync("alpha", 10));
        Assert.Equal(new[] { "only-ids", "zeta" }, await store.ListSourcesAsync());
        Assert.Equal("1", (await store.GetAllAsync("zeta"))["k"]);
    }

    [SkippableTheory]
    [MemberData(nameof(StoreServers.Backends), MemberType = typeof(StoreServers))]
    public async Task The_dedupe_window_keeps_the_newest_ids_up_to_its_capacity_oldest_first(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        var store = opened.Store;
        await store.CommitAsync("s", new StateCommit(Values(("cursor", "p1")), new[] { "e1", "e2", "e3" }, 5));
        await store.CommitAsync("s", new StateCommit(Values(("cursor", "p2")), new[] { "e4", "e5", "e6", "e7" }, 5));
        Assert.Equal(new[] { "e3", "e4", "e5", "e6", "e7" }, await store.GetDedupeIdsAsync("s", 5));
        Assert.Equal(new[] { "e6", "e7" }, await store.GetDedupeIdsAsync("s", 2));
        Assert.Equal("p2", (await store.GetAllAsync("s"))["cursor"]);

        // A page larger than the capacity keeps only its own newest ids.
        var big = Enumerable.Range(0, 2500).Select(i => $"big-{i}").ToArray();
        await store.CommitAsync("s", new StateCommit(Values(), big, 1000));
        Assert.Equal(big[1500..], await store.GetDedupeIdsAsync("s", 5000));
    }

    [SkippableTheory]
    [MemberData(nameof(StoreServers.Backends), MemberType = typeof(StoreServers))]
    public async Task Import_then_export_gives_back_the_same_json_including_dedupe_windows(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        // Every backend turns this document into itself, so export → import between any two is lossless.
        const string canonical = """
            {
              "github": {
                "helr:dedupe_ids": "[\"d1\",\"d2\",\"ü\"]",
                "next_url": "https://api.github.com/orgs/x/audit-log?after=abc"
              },
              "okta": {
                "cursor": "",
                "watermark": "2024-05-01T10:00:00.000Z"
              }
            }
            """;
        var count = await StateExport.ImportAsync(opened.Store, canonical);
        Assert.Equal(4, count);
        var exported = await StateExport.ExportAsync(opened.Store);
        Assert.Equal(Normalize(canonical), Normalize(exported));
        Assert.Equal(new[] { "d1", "d2", "ü" }, await opened.Store.GetDedupeIdsAsync("github", 10));
    }

    [SkippableTheory]
    [MemberData(nameof(StoreServers.Backends), MemberType = typeof(StoreServers))]
    public async Task A_bad_import_changes_nothing(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        var error = await Assert.ThrowsAsync<StateImportException>(() =>
            StateExport.ImportAsync(opened.Store, """{"a": {"k": "v"}, "b": {"k": 3}}"""));
        Assert.Equal("state value for \"b\".k must be a string", error.Message);
        Assert.Empty(await opened.Store.ListSourcesAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(StoreServers.Backends), MemberType = typeof(StoreServers))]
    public async Task Ids_and_values_with_a_nul_character_are_stored_and_read_back_exactly(string backend)
    {
        // JSON allows \u0000 in any string, so an event id (and a cursor or watermark taken from a response)
        // can hold one. A store that refuses it fails every later checkpoint of the source: the id stays
        // unsaved and goes with each of them, so collection never moves past that page again.
        await using var opened = await servers.OpenAsync(backend, output);
        var store = opened.Store;
        await store.CommitAsync("s", new StateCommit(Values(("cursor", "c\0d"), ("\u0001b64:k", "\u0001b64:djE=")), ["e\0", "\u0001b64:x", "plain"], 10));
        await store.CommitAsync("s", new StateCommit(Values(("watermark", "w")), ["next"], 10));
        Assert.Equal(["e\0", "\u0001b64:x", "plain", "next"], await store.GetDedupeIdsAsync("s", 10));
        var state = await store.GetAllAsync("s");
        Assert.Equal("c\0d", state["cursor"]);
        Assert.Equal("\u0001b64:djE=", state["\u0001b64:k"]); // looks encoded, is not: written and read as is
        Assert.Equal("w", state["watermark"]);
    }

    private static string Normalize(string json) =>
        System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonDocument.Parse(json).RootElement);
}
