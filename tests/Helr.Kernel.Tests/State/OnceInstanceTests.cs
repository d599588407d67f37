using Helr.Kernel.State;
using Helr.Kernel.Tests.Support;
using Helr.Tests.Servers;
using Serilog.Core;
using StackExchange.Redis;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// <c>helr run --once</c> next to continuous instances: it takes the leases of the sources it polls for
/// one cycle, but it is not an instance to share the sources with. It registered as one (every
/// heartbeat), so a continuous instance counted it, saw its share shrink (one instance alone: halved)
/// and gave sources back between cycles; nobody took them until they had been found free three times
/// (a third of the lease time apart), so each one-cycle run (a cron job, an operator's check) delayed
/// half the sources of a lone instance by most of a lease time, every time.
/// </summary>
public sealed class OnceInstanceTests
{
    [SkippableFact]
    public async Task A_one_cycle_run_does_not_count_as_an_instance_sharing_the_sources()
    {
        await using var server = await TestServices.StartOrSkipAsync("redis", RedisServer.StartAsync);
        var (global, errors, _) = GlobalYaml.Load($"""
              state:
                backend: redis
                url: {server.Url}
            """);
        Assert.Empty(errors);
        await using var continuous = await StateRuntime.OpenAsync(global, testMode: false, sources: 2, TimeProvider.System, Logger.None);
        await using var once = await StateRuntime.OpenAsync(global, testMode: false, sources: 2, TimeProvider.System, Logger.None, once: true);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.Url.Replace("redis://", "").TrimEnd('/'));
        Assert.Equal(1, await redis.GetDatabase().SortedSetLengthAsync(RedisStateStore.InstancesKey));
    }
}
