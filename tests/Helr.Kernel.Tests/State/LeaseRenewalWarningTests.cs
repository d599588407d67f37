using Helr.Kernel.State;
using Helr.Kernel.State.Leases;
using Helr.Kernel.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Serilog;
using Xunit;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// A lease whose renewals fail was logged at Debug only: an operator learnt that the lease was slipping
/// only once another instance had taken the source. The first failure of a run now warns (naming the
/// store without its password, as its errors do), the following ones stay quiet for a while, and a
/// renewal that works again says so.
/// </summary>
public sealed class LeaseRenewalWarningTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Failing_renewals_warn_once_per_run_of_failures_and_their_end_is_logged()
    {
        var store = new MemoryLeaseStore();
        var time = new FakeTimeProvider();
        var logs = new LogLines();
        var log = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(logs).CreateLogger();
        await using var leases = new SourceLeases(store, Ttl, pollWhenUnreachable: false, sources: 1, time, log);
        Assert.True(await leases.TryAcquireAsync("s", CancellationToken.None));
        await leases.StartAsync();

        store.FailAcquireWith = () => new StateStoreUnavailableException("postgres helr@db:5432/helr: Failed to connect to 10.0.0.5:5432");
        // Each heartbeat starts a round: the one after a round has seen that round's renewal end.
        for (var round = 0; round < 4; round++) await NextRoundAsync(store, time);
        var warnings = Warnings(logs);
        Assert.Single(warnings);
        Assert.Contains("lease renewal for \"s\" failed", warnings[0]);
        Assert.Contains("postgres helr@db:5432/helr: Failed to connect", warnings[0]);
        Assert.Contains("another instance may take the source over", warnings[0]);

        // Still failing minutes later: reminded, not every round.
        await time.AdvanceUntilAsync(Task.Delay(TimeSpan.FromMinutes(5), time).ContinueWith(_ => 0), Ttl / 30);
        await NextRoundAsync(store, time);
        await NextRoundAsync(store, time);
        Assert.Equal(2, Warnings(logs).Length);

        store.FailAcquireWith = null;
        await NextRoundAsync(store, time);
        await NextRoundAsync(store, time);
        Assert.Contains("lease renewal for \"s\" works again", logs.WithLevels);
        Assert.True(leases.IsHeld("s"));
    }

    private static Task NextRoundAsync(MemoryLeaseStore store, FakeTimeProvider time) =>
        time.AdvanceUntilAsync(store.NextHeartbeat().ContinueWith(_ => 0), Ttl / 30);

    private static string[] Warnings(LogLines logs) =>
        logs.WithLevels.Split('\n').Where(l => l.StartsWith("Warning: ", StringComparison.Ordinal)).ToArray();
}
