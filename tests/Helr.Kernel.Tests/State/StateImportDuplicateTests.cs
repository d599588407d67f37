using Helr.Kernel.State;
using Xunit;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// An import naming one source twice (two exports pasted together) was merged entry by entry: keys of the
/// second silently won, and the dedupe ids of both were appended, those the two share twice, so the repeats
/// later pushed real ids out of the window. Which entry was meant cannot be known: it is now an error naming
/// the source (or the key, when one source's entry names a key twice), and nothing is written.
/// </summary>
public sealed class StateImportDuplicateTests
{
    [Fact]
    public async Task A_source_named_twice_is_an_error_naming_it_and_writes_nothing()
    {
        var store = new MemoryStateStore();
        const string json = """
            {"s1": {"cursor": "c1", "helr:dedupe_ids": "[\"e1\",\"e2\"]"},
             "s2": {"cursor": "x"},
             "s1": {"cursor": "c2", "helr:dedupe_ids": "[\"e2\",\"e3\"]"}}
            """;

        var ex = await Assert.ThrowsAsync<StateImportException>(() => StateExport.ImportAsync(store, json));

        Assert.Contains("source \"s1\"", ex.Message);
        Assert.Contains("twice", ex.Message);
        Assert.Empty(await store.ListSourcesAsync());
        Assert.Empty(await store.GetDedupeIdsAsync("s1", 100));
    }

    [Fact]
    public async Task A_key_named_twice_in_one_source_is_an_error_naming_it_and_writes_nothing()
    {
        var store = new MemoryStateStore();
        const string json = """{"s1": {"helr:dedupe_ids": "[\"e1\"]", "cursor": "c1", "helr:dedupe_ids": "[\"e1\",\"e2\"]"}}""";

        var ex = await Assert.ThrowsAsync<StateImportException>(() => StateExport.ImportAsync(store, json));

        Assert.Contains("\"s1\".helr:dedupe_ids", ex.Message);
        Assert.Contains("twice", ex.Message);
        Assert.Empty(await store.ListSourcesAsync());
    }
}
