using System.Text.Json;
using Helr.Kernel.Api;
using Helr.Kernel.State;
using Prometheus;

namespace Helr.Kernel.Tests.Api;

/// <summary>
/// The SIGUSR1 dump (one INFO line with <c>destination: log</c>) held every source's whole dedupe window,
/// up to <c>dedupe.capacity</c> (100,000 by default) ids each: one log line of megabytes, which log
/// shippers cut or drop. The dump now shows the window's size and its newest ids; <c>helr state export</c>
/// still carries the whole window, which an import needs.
/// </summary>
public sealed class SignalDumpDedupeTests
{
    [Fact]
    public async Task The_dump_shows_the_dedupe_window_as_its_size_and_newest_ids_and_the_export_keeps_it_whole()
    {
        var store = new MemoryStateStore();
        var ids = Enumerable.Range(0, 500).Select(i => $"evt-{i:d4}").ToArray();
        await store.CommitAsync("s1", new StateCommit(new Dictionary<string, string> { ["cursor"] = "c1" }, ids, 1000));
        await store.CommitAsync("s2", new StateCommit(new Dictionary<string, string> { ["cursor"] = "c2" }, new[] { "only-one" }, 1000));

        var dump = await SignalDump.RenderAsync(store, Metrics.NewCustomRegistry());

        Assert.DoesNotContain("evt-0000", dump);
        Assert.DoesNotContain("evt-0496", dump);
        Assert.Contains("500 ids", dump);
        Assert.Contains("evt-0497, evt-0498, evt-0499", dump);
        Assert.Contains("1 id (only-one)", dump);
        Assert.Contains("\"cursor\": \"c1\"", dump);
        Assert.Contains(StateExport.DedupeKey, dump);

        var export = await StateExport.ExportAsync(store);
        var window = JsonDocument.Parse(export).RootElement.GetProperty("s1").GetProperty(StateExport.DedupeKey).GetString()!;
        Assert.Equal(ids, JsonSerializer.Deserialize<string[]>(window));
    }
}
