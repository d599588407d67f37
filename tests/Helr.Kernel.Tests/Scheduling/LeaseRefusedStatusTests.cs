using Helr.Kernel.State;
using Helr.Kernel.Tests.State;
using Xunit;
using Xunit.Abstractions;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A source whose lease the store keeps refusing with an error (here Redis answering WRONGTYPE for its
/// lease key, while the store otherwise works) waited for it for ever without a word: no log above
/// Debug, and /healthz kept its old status. Each refused attempt now counts as a failed cycle that
/// names the lease: a warning is logged and the source turns unhealthy.
/// </summary>
public sealed class LeaseRefusedStatusTests(StoreServers servers, ITestOutputHelper output) : IClassFixture<StoreServers>
{
    [SkippableFact]
    public async Task A_source_whose_lease_the_store_refuses_is_logged_and_unhealthy()
    {
        await using var opened = await servers.OpenAsync("redis", output);
        var redis = (RedisStateStore)opened.Store;
        // Not a string: the lease script's GET fails with WRONGTYPE, for this source only.
        await redis.Db.HashSetAsync(RedisStateStore.LeasePrefix + "s1", "x", "y");
        await using var run = new LeasedSourceRun(opened.Leases!);
        await run.StartAsync();

        // Without the report the source's row never changes.
        await run.AdvanceUntilAsync(() => (run.Board.Get("s1")?.FailuresInARow ?? 0) >= 3);

        var status = run.Board.Get("s1")!;
        Assert.True(status.FailuresInARow >= 3, "no failed attempt recorded: " + run.Logs.WithLevels);
        Assert.Contains("lease", status.LastError);
        Assert.Contains("WRONGTYPE", status.LastError);
        Assert.Empty(run.Api.Requests);
        Assert.Contains("Error: poll failed: \"s1\": \"the source's lease cannot be taken", run.Logs.WithLevels);
    }
}
