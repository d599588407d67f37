using Helr.Kernel.State.Leases;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// A reload removes a source and the next one adds it back while the renewal of its old lease is on its
/// way to the store. The new lease must stay held, here and in the store: a renewal that took it for a
/// lost one would have the new cycle's checkpoints refused (its pages polled again), and a give-back
/// that landed after the re-add would leave it free for another instance while this one polls it.
/// </summary>
public sealed class LeaseReaddTests
{
    private static async Task<bool> AcquireAfter(Task drop, SourceLeases leases)
    {
        await drop;
        return await leases.TryAcquireAsync("s", CancellationToken.None);
    }

    [Fact]
    public async Task A_source_re_added_while_the_renewal_of_its_old_lease_is_in_flight_keeps_its_new_lease()
    {
        await using var held = await HeldRenewal.StartAsync();

        var readd = AcquireAfter(held.Leases.DropAsync("s"), held.Leases);
        held.LetRenewalGo();
        Assert.True(await readd.WaitAsync(TimeSpan.FromSeconds(30)));
        await held.NextRoundAsync();

        Assert.True(held.Leases.IsHeld("s"), "the renewal took the re-added source's lease for a lost one");
        Assert.Equal(held.Leases.Holder, held.Store.HolderOf("s"));
        Assert.Equal(held.Store.TokenOf("s"), held.Leases.FenceFor("s")!.Token);
    }

    [Fact]
    public async Task A_release_still_on_its_way_when_the_source_is_re_added_does_not_free_the_new_lease()
    {
        await using var held = await HeldRenewal.StartAsync();

        var drop = held.Leases.DropAsync("s");
        // The next release to reach the store (the drop's, or a renewal's give-back) waits there while the
        // source is added back.
        var release = held.Store.HoldNextRelease();
        held.LetRenewalGo();
        await held.Store.ReleaseReached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var readd = AcquireAfter(drop, held.Leases);
        release.TrySetResult();
        Assert.True(await readd.WaitAsync(TimeSpan.FromSeconds(30)));
        await held.NextRoundAsync();

        Assert.True(held.Leases.IsHeld("s"));
        Assert.Equal(held.Leases.Holder, held.Store.HolderOf("s")); // held here and free in the store: another instance could take it
    }
}
