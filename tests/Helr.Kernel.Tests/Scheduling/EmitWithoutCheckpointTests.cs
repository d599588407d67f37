using Helr.Kernel.Output;
using Helr.Kernel.Polling;
using Helr.Kernel.State;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// <c>degradation.emit_without_checkpoint</c> keeps polling while checkpoint writes fail: nothing is
/// lost, and what the failed checkpoints covered is written again by each later cycle (which starts
/// from the stored position) until a write succeeds. docs/state.md says so; this pins it down.
/// </summary>
public sealed class EmitWithoutCheckpointTests
{
    // Reads work, writes fail (a full disk, a read-only replica).
    private sealed class ReadOnlyStore : IStateStore
    {
        public MemoryStateStore Inner { get; } = new();
        public bool Refuse { get; set; } = true;
        public string Description => "read-only";
        public Task<IReadOnlyDictionary<string, string>> GetAllAsync(string sourceId, CancellationToken ct = default) => Inner.GetAllAsync(sourceId, ct);
        public Task CommitAsync(string sourceId, StateCommit commit, CancellationToken ct = default) =>
            Refuse ? throw new StateStoreUnavailableException("read-only") : Inner.CommitAsync(sourceId, commit, ct);
        public Task<IReadOnlyList<string>> GetDedupeIdsAsync(string sourceId, int capacity, CancellationToken ct = default) => Inner.GetDedupeIdsAsync(sourceId, capacity, ct);
        public Task ClearSourceAsync(string sourceId, CancellationToken ct = default) => Inner.ClearSourceAsync(sourceId, ct);
        public Task<IReadOnlyList<string>> ListSourcesAsync(CancellationToken ct = default) => Inner.ListSourcesAsync(ct);
        public Task PingAsync(CancellationToken ct = default) => Inner.PingAsync(ct);
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [Fact]
    public async Task While_writes_fail_each_cycle_repeats_from_the_stored_position_and_none_is_lost()
    {
        await using var api = await FakeVendorServer.StartAsync();
        // Events after the watermark sent as since= (none after 2).
        api.OnGet("/a", r => FakeResponse.Json(r.Param("since") == "2" ? """{"items":[]}""" : """{"items":[{"id":"1"},{"id":"2"}]}"""));
        using var file = new ConfigFile();
        var loaded = file.Load($"""
            global:
              degradation:
                emit_without_checkpoint: true
            sources:
              a:
                url: {api.Url("/a")}
                pagination: {"{"} strategy: cursor, cursor_param: cursor, cursor_path: next {"}"}
                state: {"{"} watermark_field: id, watermark_param: since {"}"}
            """);
        var store = new ReadOnlyStore();
        var lines = new MemoryStream();
        await using var output = new OutputWriter(new StreamSink(lines, "test"), new OutputLimits(), null, TimeProvider.System, Logger.None);
        using var runner = SourceComposition.Build(loaded.Sources[0], loaded.Config.Global, store, output, TimeProvider.System, Logger.None);

        Assert.Null((await runner.RunCycleAsync(CancellationToken.None)).Error);
        Assert.Null((await runner.RunCycleAsync(CancellationToken.None)).Error);
        store.Refuse = false;
        Assert.Null((await runner.RunCycleAsync(CancellationToken.None)).Error);
        Assert.Null((await runner.RunCycleAsync(CancellationToken.None)).Error);

        var ids = System.Text.Encoding.UTF8.GetString(lines.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("event").GetProperty("id").GetString()).ToList();
        // Two cycles with failing writes and the first after: each from the stored position (none). The
        // fourth from the one the third stored.
        Assert.Equal(["1", "2", "1", "2", "1", "2"], ids);
        Assert.Equal("2", (await store.Inner.GetAllAsync("a"))["watermark"]);
    }
}
