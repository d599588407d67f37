using Helr.Kernel.State;
using Xunit.Abstractions;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// Importing one export twice appended its dedupe window a second time: the window held every id twice,
/// and when trimmed to its capacity the repeats pushed out real ids (events emitted again after a restart).
/// An import now adds only the ids the window does not hold yet.
/// </summary>
public sealed class StateImportTwiceTests(StoreServers servers, ITestOutputHelper output) : IClassFixture<StoreServers>
{
    [SkippableTheory]
    [MemberData(nameof(StoreServers.Backends), MemberType = typeof(StoreServers))]
    public async Task Importing_the_same_export_twice_leaves_the_dedupe_window_as_one_import_does(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        var store = opened.Store;
        await store.CommitAsync("s1", new StateCommit(new Dictionary<string, string> { ["cursor"] = "c1" }, new[] { "old" }, 100));
        const string json = """{"s1": {"cursor": "c2", "helr:dedupe_ids": "[\"e1\",\"e2\",\"old\",\"e1\"]"}}""";

        await StateExport.ImportAsync(store, json);
        var once = await StateExport.ExportAsync(store);
        await StateExport.ImportAsync(store, json);

        Assert.Equal(once, await StateExport.ExportAsync(store));
        Assert.Equal(new[] { "old", "e1", "e2" }, await store.GetDedupeIdsAsync("s1", 100));
    }
}
