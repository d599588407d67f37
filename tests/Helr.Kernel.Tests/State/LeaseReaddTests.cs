using Helr.Kernel.State.Leases;
using Helr.Kernel.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// A reload removes a source and the next one adds it back while the renewal of its old lease is on its
/// way to the store. The new lease must stay held, here and in the store: a renewal that took it for a
/// lost one would have the new cycle's checkpoints refused (its pages polled again), and a give-back
/// that landed after the re-add would leave it free for another instance while this one polls it.
/// </summary>
public sealed class LeaseReaddTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    private static async Task<bool> AcquireAfter(Task drop, SourceLeases leases)
    {
        await drop;
        return await leases.TryAcquireAsync("s", CancellationToken.None);
    }

    [Fact]
    public async Task A_source_re_added_while_the_renewal_of_its_old_lease_is_in_flight_keeps_its_new_lease()
    {
        var store = new MemoryLeaseStore();
        var time = new FakeTimeProvider();
        await using var leases = new SourceLeases(store, Ttl, pollWhenUnreachable: false, sources: 1, time, Logger.None);
        Assert.True(await leases.TryAcquireAsync("s", CancellationToken.None));
        await leases.StartAsync();

        // The renewal of token 1 waits at the store; a reload drops the source and the next adds it back.
        store.HoldNextAcquire();
        await time.AdvanceUntilAsync(store.AcquireReached.Task.ContinueWith(_ => 0), Ttl / 30);
        var readd = AcquireAfter(leases.DropAsync("s"), leases);
        store.LetAcquireGo();
        Assert.True(await readd.WaitAsync(TimeSpan.FromSeconds(30)));
        await time.AdvanceUntilAsync(store.NextHeartbeat().ContinueWith(_ => 0), Ttl / 30);

        Assert.True(leases.IsHeld("s"), "the renewal took the re-added source's lease for a lost one");
        Assert.Equal(leases.Holder, store.HolderOf("s"));
        Assert.Equal(store.TokenOf("s"), leases.FenceFor("s")!.Token);
    }

    [Fact]
    public async Task A_release_still_on_its_way_when_the_source_is_re_added_does_not_free_the_new_lease()
    {
        var store = new MemoryLeaseStore();
        var time = new FakeTimeProvider();
        await using var leases = new SourceLeases(store, Ttl, pollWhenUnreachable: false, sources: 1, time, Logger.None);
        Assert.True(await leases.TryAcquireAsync("s", CancellationToken.None));
        await leases.StartAsync();

        store.HoldNextAcquire();
        await time.AdvanceUntilAsync(store.AcquireReached.Task.ContinueWith(_ => 0), Ttl / 30);
        var drop = leases.DropAsync("s");
        // The next release to reach the store (the drop's, or a renewal's give-back) waits there while the
        // source is added back.
        var release = store.HoldNextRelease();
        store.LetAcquireGo();
        await store.ReleaseReached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var readd = AcquireAfter(drop, leases);
        release.TrySetResult();
        Assert.True(await readd.WaitAsync(TimeSpan.FromSeconds(30)));
        await time.AdvanceUntilAsync(store.NextHeartbeat().ContinueWith(_ => 0), Ttl / 30);

        Assert.True(leases.IsHeld("s"));
        Assert.Equal(leases.Holder, store.HolderOf("s")); // held here and free in the store: another instance could take it
    }
}
