using Helr.Kernel.State;
using Helr.Kernel.State.Leases;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// Checkpoints the memory fallback kept during a store outage are written when the source is next read
/// or written. A lease that goes back before that (over the fair share, a reload removing the source, a
/// shutdown) must first write them: the instance that takes the source over starts from the stored
/// position and would collect every page they covered again, with no dedupe ids to drop them.
/// </summary>
public sealed class FallbackGiveBackTests : IAsyncDisposable
{
    private readonly SwitchableStore _primary = new();
    private readonly MemoryLeaseStore _leaseStore = new();
    private readonly FallbackStateStore _fallback;
    private readonly SourceLeases _leases;
    private readonly IStateStore _store;

    public FallbackGiveBackTests()
    {
        _fallback = new FallbackStateStore(_primary, Logger.None);
        _leases = new SourceLeases(_leaseStore, TimeSpan.FromSeconds(30), pollWhenUnreachable: true, sources: 2, new FakeTimeProvider(), Logger.None);
        // As StateRuntime wires them: the fenced store over the fallback.
        _store = new LeaseFencedStateStore(_fallback, _leases);
    }

    // Sources a and b held; a cycle of a checkpoints during an outage; the store is back before a's next cycle.
    private async Task KeptDuringAnOutageAsync()
    {
        await _leases.StartAsync();
        Assert.True(await _leases.TryAcquireAsync("a", default, once: true));
        Assert.True(await _leases.TryAcquireAsync("b", default, once: true));
        Assert.Empty(await _store.GetAllAsync("a"));
        _primary.Down = true;
        await _store.CommitAsync("a", new StateCommit(new Dictionary<string, string> { ["watermark"] = "300" }, ["e1", "e2"], 10));
        Assert.True(_fallback.Active);
        _primary.Down = false;
    }

    private async Task AssertWrittenAsync()
    {
        Assert.Equal("300", (await _primary.Inner.GetAllAsync("a"))["watermark"]);
        Assert.Equal(["e1", "e2"], await _primary.Inner.GetDedupeIdsAsync("a", 10));
        Assert.False(_fallback.Active);
    }

    [Fact]
    public async Task A_source_given_back_for_balance_first_writes_its_kept_checkpoint()
    {
        await KeptDuringAnOutageAsync();
        _leases.Resize(1); // over the share now: a goes back between its cycles
        Assert.True(await new LeaseGate(_leases, new FakeTimeProvider()).GiveBackForBalanceAsync("a"));
        Assert.Null(_leaseStore.HolderOf("a"));
        await AssertWrittenAsync();
    }

    [Fact]
    public async Task A_source_is_not_given_back_for_balance_while_its_kept_checkpoint_cannot_be_written()
    {
        await KeptDuringAnOutageAsync();
        _leases.Resize(1);
        _primary.Down = true;
        Assert.False(await new LeaseGate(_leases, new FakeTimeProvider()).GiveBackForBalanceAsync("a"));
        Assert.True(_leases.IsHeld("a"));
        _primary.Down = false;
        Assert.Equal("300", (await _store.GetAllAsync("a"))["watermark"]); // its next cycle writes it back
        await AssertWrittenAsync();
    }

    [Fact]
    public async Task A_source_a_reload_removed_first_writes_its_kept_checkpoint()
    {
        await KeptDuringAnOutageAsync();
        await new LeaseGate(_leases, new FakeTimeProvider()).DropAsync("a");
        Assert.Null(_leaseStore.HolderOf("a"));
        await AssertWrittenAsync();
    }

    [Fact]
    public async Task A_source_a_reload_removed_while_the_store_is_down_does_not_leave_the_instance_in_fallback()
    {
        await KeptDuringAnOutageAsync();
        _primary.Down = true;
        await new LeaseGate(_leases, new FakeTimeProvider()).DropAsync("a");
        _primary.Down = false;
        // Nothing of a comes to write them any more: kept, they would hold every source at the reduced frequency.
        await _store.GetAllAsync("b"); // the store answers again
        Assert.False(_fallback.Active);
    }

    [Fact]
    public async Task A_lost_lease_drops_the_kept_checkpoints_of_its_source()
    {
        await KeptDuringAnOutageAsync();
        // The store answers again, and another instance holds a now (the renewal found it, or a refused write).
        await _leaseStore.ReleaseAsync("a", _leases.Holder, default);
        Assert.NotNull(await _leaseStore.TryAcquireAsync("a", "B", TimeSpan.FromSeconds(30), default));
        _leases.MarkLost("a");
        await _store.GetAllAsync("b");
        // Not this instance's to write any more; kept, they would hold every source at the reduced frequency.
        Assert.False(_fallback.Active);
        Assert.Empty(await _primary.Inner.GetAllAsync("a"));
    }

    [Fact]
    public async Task A_shutdown_first_writes_the_kept_checkpoints()
    {
        await KeptDuringAnOutageAsync();
        await _leases.DisposeAsync();
        Assert.Null(_leaseStore.HolderOf("a"));
        await AssertWrittenAsync();
    }

    public async ValueTask DisposeAsync() => await _leases.DisposeAsync();
}
