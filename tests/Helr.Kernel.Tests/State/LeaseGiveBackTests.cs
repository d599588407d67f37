using Helr.Kernel.State.Leases;
using Helr.Kernel.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// A lease given back (a reload removed the source, or the instance is over its share) stays given back
/// even when the renewal loop was extending it at that moment: a renewal that landed after the release
/// would take the lease again, and no one would release it before it expired.
/// </summary>
public sealed class LeaseGiveBackTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_lease_dropped_while_its_renewal_is_in_flight_ends_up_free()
    {
        var store = new MemoryLeaseStore();
        var time = new FakeTimeProvider();
        await using var leases = new SourceLeases(store, Ttl, pollWhenUnreachable: false, sources: 1, time, Logger.None);
        Assert.True(await leases.TryAcquireAsync("s", CancellationToken.None));
        await leases.StartAsync();

        // The renewal reaches the store and waits there; meanwhile a reload drops the source.
        store.HoldNextAcquire();
        await time.AdvanceUntilAsync(store.AcquireReached.Task.ContinueWith(_ => 0), Ttl / 30);
        var drop = leases.DropAsync("s");
        store.LetAcquireGo();
        await drop.WaitAsync(TimeSpan.FromSeconds(30));
        // The renewal round has ended once the next one begins: whatever it did to the lease is done.
        await time.AdvanceUntilAsync(store.NextHeartbeat().ContinueWith(_ => 0), Ttl / 30);

        Assert.Null(store.HolderOf("s"));
        Assert.False(leases.IsHeld("s"));
    }
}
