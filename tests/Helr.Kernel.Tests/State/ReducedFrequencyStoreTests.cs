using Helr.Kernel.State;
using Helr.Kernel.Tests.Support;
using Helr.Tests.Servers;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// <c>reduced_frequency_multiplier</c> follows whether the store answers, not whether checkpoints kept
/// during the outage are still to be written back: those are written at each source's next cycle, and
/// while they waited, so did every source (multiplied), so the reduced frequency outlasted the outage by
/// a whole multiplied interval of the slowest source at least.
/// </summary>
public sealed class ReducedFrequencyStoreTests
{
    [SkippableFact]
    public async Task Intervals_are_multiplied_while_the_store_is_down_and_no_longer_once_it_answers_with_checkpoints_still_kept()
    {
        await using var server = await TestServices.StartOrSkipAsync("redis", RedisServer.StartAsync);
        var (global, errors, _) = GlobalYaml.Load($"""
              state:
                backend: redis
                url: {server.Url}
                lease_ttl_secs: 3
              degradation:
                state_store_fallback: memory
                reduced_frequency_multiplier: 4
            """);
        Assert.Empty(errors);
        var time = new FakeTimeProvider();
        await using var runtime = await StateRuntime.OpenAsync(global, testMode: false, sources: 1, time, Logger.None);
        Assert.True(await runtime.Gate!.TryAcquireAsync("s", () => { }, CancellationToken.None));
        Assert.Equal(1, runtime.IntervalScale);

        await server.StopAsync();
        await runtime.Store.CommitAsync("s", StateCommit.Of(new Dictionary<string, string> { ["watermark"] = "20" }));
        Assert.True(runtime.FallbackActive);
        // The next heartbeat (a third of the lease time) finds the store down.
        await Until(time, () => runtime.IntervalScale == 4);

        await server.RestartAsync();
        // The store answers the heartbeats again; the checkpoint of s stays kept until s's next cycle.
        await Until(time, () => runtime.IntervalScale == 1);
        Assert.True(runtime.FallbackActive, "the kept checkpoint was written without a cycle of its source");
    }

    // Fake renewal periods, each followed by a real pause for the heartbeat's round trip; the step budget bounds it.
    private static async Task Until(FakeTimeProvider time, Func<bool> condition)
    {
        for (var step = 0; step < 3000 && !condition(); step++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }
        Assert.True(condition(), "not reached within the step budget");
    }
}
