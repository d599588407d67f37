using Helr.Kernel.State.Leases;
using Helr.Kernel.Tests.State;
using Xunit;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// Only <see cref="Helr.Kernel.State.StateStoreUnavailableException"/> was handled on the way to a lease: any
/// other error of the store or its client (StackExchange.Redis's RedisCommandException, which is not a
/// RedisException: a Redis URL that reaches a read-only replica) ended the source's loop at its first
/// attempt. The source was never polled again and its status never said so. Now every store error is a
/// failed attempt like an outage: logged, last_error, unhealthy after 3, and polled once the store answers.
/// </summary>
public sealed class LeaseStoreAnyErrorTests
{
    [Fact]
    public async Task A_lease_store_error_of_any_type_is_a_failed_attempt_and_the_source_is_polled_once_it_stops()
    {
        var store = new MemoryLeaseStore { FailAcquireWith = () => new StackExchange.Redis.RedisCommandException("Command cannot be issued to a replica: EVAL") };
        await using var run = new LeasedSourceRun(store);
        await run.StartAsync();

        // Without the fix the loop has ended and nothing ever changes.
        await run.AdvanceUntilAsync(() => (run.Board.Get("s1")?.FailuresInARow ?? 0) >= 3);
        var status = run.Board.Get("s1")!;
        Assert.True(status.FailuresInARow >= 3, "no failed attempt recorded: " + run.Logs.WithLevels);
        Assert.Contains("the source's lease cannot be taken", status.LastError);
        Assert.Contains("Command cannot be issued to a replica", status.LastError);
        Assert.Empty(run.Api.Requests);

        store.FailAcquireWith = null;
        await run.AdvanceUntilAsync(() => run.Api.Requests.Count > 0);
        Assert.NotEmpty(run.Api.Requests);
    }
}
