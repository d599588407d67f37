using Helr.Kernel.State;
using Xunit;

namespace Helr.Kernel.Tests.State;

public sealed class StateExportTests
{
    [Fact]
    public async Task Export_then_import_is_lossless()
    {
        var from = new MemoryStateStore();
        await from.SetManyAsync("okta", new Dictionary<string, string> { ["next_url"] = "https://x/?a=1&b=\"2\"", ["watermark"] = "2024-01-01T00:00:00Z" });
        await from.SetManyAsync("slack", new Dictionary<string, string> { ["cursor"] = "ünïcode\n" });
        var json = await StateExport.ExportAsync(from);

        var to = new MemoryStateStore();
        Assert.Equal(3, await StateExport.ImportAsync(to, json));
        Assert.Equal(json, await StateExport.ExportAsync(to));
    }

    [Theory]
    [InlineData("not json", "invalid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("""{"s": "x"}""", "source \"s\" value must be an object")]
    [InlineData("""{"s": {"k": 1}}""", "state value for \"s\".k must be a string")]
    // An unpaired surrogate escape is valid JSON but no text: .NET's own error named neither source nor key.
    [InlineData("""{"s": {"k": "a\ud800"}}""", "state value for \"s\".k is not text: an unpaired \\uD800-\\uDFFF escape")]
    [InlineData("""{"s": {"k\udc00": "v"}}""", "a state key of \"s\" is not text: an unpaired \\uD800-\\uDFFF escape")]
    [InlineData("""{"s\ud800": {"k": "v"}}""", "a source name is not text: an unpaired \\uD800-\\uDFFF escape")]
    [InlineData("""{"s": {"helr:dedupe_ids": "[\"\\ud800\"]"}}""", "state value for \"s\".helr:dedupe_ids must be a JSON array of strings")]
    public async Task Bad_import_names_the_problem_and_writes_nothing(string json, string message)
    {
        var store = new MemoryStateStore();
        var ex = await Assert.ThrowsAsync<StateImportException>(() => StateExport.ImportAsync(store, json));
        Assert.Contains(message, ex.Message);
        Assert.Empty(await store.ListSourcesAsync());
    }

    [Theory]
    [InlineData("[null]")]
    [InlineData("[\"e1\", null]")]
    public async Task A_dedupe_window_with_a_null_id_is_an_invalid_entry_that_changes_nothing(string ids)
    {
        // SQLite and PostgreSQL refuse a null id only when the earlier sources are already written.
        var store = new MemoryStateStore();
        var json = "{\"a\": {\"k\": \"v\"}, \"b\": {\"helr:dedupe_ids\": " + System.Text.Json.JsonSerializer.Serialize(ids) + "}}";
        var ex = await Assert.ThrowsAsync<StateImportException>(() => StateExport.ImportAsync(store, json));
        Assert.Contains("must be a JSON array of strings", ex.Message);
        Assert.Empty(await store.ListSourcesAsync());
    }

    [Fact]
    public async Task A_bad_entry_late_in_the_file_leaves_earlier_sources_untouched()
    {
        var store = new MemoryStateStore();
        await Assert.ThrowsAsync<StateImportException>(() => StateExport.ImportAsync(store, """{"a": {"k": "v"}, "b": {"k": 2}}"""));
        Assert.Empty(await store.ListSourcesAsync());
    }
}
