namespace Helr.Kernel.Tests.State;

/// <summary>
/// A lease given back (a reload removed the source, or the instance is over its share) stays given back
/// even when the renewal loop was extending it at that moment: a renewal that landed after the release
/// would take the lease again, and no one would release it before it expired.
/// </summary>
public sealed class LeaseGiveBackTests
{
    [Fact]
    public async Task A_lease_dropped_while_its_renewal_is_in_flight_ends_up_free()
    {
        await using var held = await HeldRenewal.StartAsync();

        var drop = held.Leases.DropAsync("s");
        held.LetRenewalGo();
        await drop.WaitAsync(TimeSpan.FromSeconds(30));
        await held.NextRoundAsync();

        Assert.Null(held.Store.HolderOf("s"));
        Assert.False(held.Leases.IsHeld("s"));
    }
}
