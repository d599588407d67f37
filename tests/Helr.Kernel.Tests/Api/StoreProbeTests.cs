using Helr.Kernel.Api;
using Helr.Kernel.State;
using Helr.Kernel.Tests.State;
using Serilog.Core;

namespace Helr.Kernel.Tests.Api;

/// <summary>
/// <c>/readyz</c>'s state-store check pings the store and never lists its sources: listing read the
/// whole dedupe table under the store's lock, so with hundreds of sources a probe timed out and every
/// probe held up checkpoint writes. docs/operations.md says what the probe checks.
/// </summary>
public sealed class StoreProbeTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "helr-probe-" + Guid.NewGuid().ToString("N")[..10]);

    // Counts what the probe asks of the store; listing fails loudly, so a probe that lists cannot pass.
    private sealed class RecordingStore(IStateStore inner) : IStateStore
    {
        public int Pings { get; private set; }
        public int Lists { get; private set; }
        public string Description => "recording";
        public Task<IReadOnlyDictionary<string, string>> GetAllAsync(string sourceId, CancellationToken ct = default) => inner.GetAllAsync(sourceId, ct);
        public Task CommitAsync(string sourceId, StateCommit commit, CancellationToken ct = default) => inner.CommitAsync(sourceId, commit, ct);
        public Task<IReadOnlyList<string>> GetDedupeIdsAsync(string sourceId, int capacity, CancellationToken ct = default) => inner.GetDedupeIdsAsync(sourceId, capacity, ct);
        public Task ClearSourceAsync(string sourceId, CancellationToken ct = default) => inner.ClearSourceAsync(sourceId, ct);

        public Task<IReadOnlyList<string>> ListSourcesAsync(CancellationToken ct = default)
        {
            Lists++;
            return inner.ListSourcesAsync(ct);
        }

        public Task PingAsync(CancellationToken ct = default)
        {
            Pings++;
            return inner.PingAsync(ct);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    [Fact]
    public async Task The_probe_pings_the_sqlite_store_through_its_wrappers_without_listing_sources()
    {
        Directory.CreateDirectory(_dir);
        await using var sqlite = await SqliteStateStore.OpenAsync(Path.Combine(_dir, "state.db"), readOnly: false, TimeProvider.System);
        await sqlite.CommitAsync("s", new StateCommit(new Dictionary<string, string> { ["cursor"] = "c1" }, new[] { "e1", "e2" }, 10));
        var recording = new RecordingStore(sqlite);

        Assert.True(await StoreProbe.AnswersAsync(new OverlayStateStore(new FallbackStateStore(recording, Logger.None)), TimeProvider.System));

        Assert.Equal(1, recording.Pings);
        Assert.Equal(0, recording.Lists);
    }

    [Fact]
    public async Task A_store_that_does_not_answer_fails_the_probe_unless_the_memory_fallback_is_on()
    {
        var down = new SwitchableStore { Down = true };
        Assert.False(await StoreProbe.AnswersAsync(down, TimeProvider.System));

        var fallback = new FallbackStateStore(down, Logger.None);
        Assert.True(await StoreProbe.AnswersAsync(fallback, TimeProvider.System));
        Assert.True(fallback.Active);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
