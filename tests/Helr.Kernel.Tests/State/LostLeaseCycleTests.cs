using Helr.Kernel.Output;
using Helr.Kernel.Polling;
using Helr.Kernel.State;
using Helr.Kernel.State.Leases;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// A cycle whose lease is lost while it runs (the renewal found another instance's token: this one was
/// paused past its lease, or its renewals failed for a lease time) stops before it writes another page.
/// That instance polls the source now, from the stored position, and writes those pages itself.
/// </summary>
public sealed class LostLeaseCycleTests
{
    [Theory]
    [InlineData("per_page")]
    [InlineData("end_of_tick")]
    public async Task A_page_that_arrives_after_the_lease_was_lost_is_not_written(string checkpoint)
    {
        await using var api = await FakeVendorServer.StartAsync();
        using var file = new ConfigFile();
        var loaded = file.Load($"""
            global:
              state: {"{"} backend: memory {"}"}
            sources:
              a:
                url: {api.Url("/a")}
                checkpoint: {checkpoint}
                pagination: {"{"} strategy: cursor, cursor_param: cursor, cursor_path: next {"}"}
                dedupe: {"{"} id_path: id {"}"}
            """);
        var leaseStore = new MemoryLeaseStore();
        await using var leases = new SourceLeases(leaseStore, TimeSpan.FromSeconds(30), pollWhenUnreachable: false, 1, TimeProvider.System, Logger.None);
        Assert.True(await leases.TryAcquireAsync("a", CancellationToken.None));
        var state = new CommitSignal(new MemoryStateStore());
        api.OnGet("/a", r =>
        {
            switch (r.Param("cursor"))
            {
                case null:
                    return FakeResponse.Json("""{"items":[{"id":"1"}],"next":"p2"}""");
                case "p2":
                    // per_page: page 1's checkpoint is stored first. Lost before it, that checkpoint's refusal stopped
                    // the cycle before page 2 was written, with or without the check on arriving pages.
                    if (checkpoint == "per_page") state.Committed.Task.WaitAsync(TimeSpan.FromMinutes(1)).GetAwaiter().GetResult();
                    // While page 2 is on its way, instance B takes the source over; this instance's renewal finds out.
                    leaseStore.ReleaseAsync("a", leases.Holder, default).GetAwaiter().GetResult();
                    Assert.NotNull(leaseStore.TryAcquireAsync("a", "B", TimeSpan.FromSeconds(30), default).GetAwaiter().GetResult());
                    leases.MarkLost("a");
                    return FakeResponse.Json("""{"items":[{"id":"2"}],"next":"p3"}""");
                default:
                    return FakeResponse.Json("""{"items":[{"id":"3"}]}""");
            }
        });
        var lines = new MemoryStream();
        await using (var output = new OutputWriter(new StreamSink(lines, "test"), new OutputLimits(), null, TimeProvider.System, Logger.None))
        {
            using var runner = SourceComposition.Build(loaded.Sources[0], loaded.Config.Global, new LeaseFencedStateStore(state, leases), output,
                TimeProvider.System, Logger.None);
            var outcome = await runner.RunCycleAsync(CancellationToken.None);
            Assert.IsType<LeaseLostException>(outcome.Error);
        }

        var ids = System.Text.Encoding.UTF8.GetString(lines.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("event").GetProperty("id").GetString()).ToList();
        // Page 1 came under the lease. Pages 2 and 3 are B's to write: before, this cycle wrote them too
        // (end_of_tick: every page left in the traversal, refused only at its end).
        Assert.Equal(["1"], ids);
        Assert.DoesNotContain(api.Requests, r => r.Param("cursor") == "p3");
    }
    // Says when a checkpoint was stored.
    private sealed class CommitSignal(IStateStore inner) : IStateStore
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Description => inner.Description;

        public Task<IReadOnlyDictionary<string, string>> GetAllAsync(string sourceId, CancellationToken ct = default) => inner.GetAllAsync(sourceId, ct);

        public async Task CommitAsync(string sourceId, StateCommit commit, CancellationToken ct = default)
        {
            await inner.CommitAsync(sourceId, commit, ct);
            Committed.TrySetResult();
        }

        public Task<IReadOnlyList<string>> GetDedupeIdsAsync(string sourceId, int capacity, CancellationToken ct = default) =>
            inner.GetDedupeIdsAsync(sourceId, capacity, ct);

        public Task ClearSourceAsync(string sourceId, CancellationToken ct = default) => inner.ClearSourceAsync(sourceId, ct);

        public Task<IReadOnlyList<string>> ListSourcesAsync(CancellationToken ct = default) => inner.ListSourcesAsync(ct);

        public Task PingAsync(CancellationToken ct = default) => inner.PingAsync(ct);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
