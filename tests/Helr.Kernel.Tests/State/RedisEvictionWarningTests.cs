using Helr.Kernel.Config;
using Helr.Kernel.State;
using StackExchange.Redis;
using Xunit;
using Xunit.Abstractions;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// A Redis that evicts any key when full (a cache's maxmemory-policy allkeys-lru) may drop a source's state
/// or dedupe window: helr run says so at start. Its own server (per class), whose policy the tests change.
/// </summary>
public sealed class RedisEvictionWarningTests(StoreServers servers, ITestOutputHelper output) : IClassFixture<StoreServers>
{
    private async Task<string> StartAsync(string policy, string maxmemory)
    {
        await (await servers.OpenAsync("redis", output)).DisposeAsync();
        var options = RedisUrl.Parse(servers.RedisServerUrl, out _).ToOptions();
        options.AllowAdmin = true;
        await using (var admin = await ConnectionMultiplexer.ConnectAsync(options))
        {
            await admin.GetDatabase().ExecuteAsync("CONFIG", "SET", "maxmemory-policy", policy);
            await admin.GetDatabase().ExecuteAsync("CONFIG", "SET", "maxmemory", maxmemory);
        }
        var logs = new Support.LogLines();
        var global = new GlobalConfig { State = new StateConfig { Backend = "redis", Url = servers.RedisServerUrl } };
        await using (await StateRuntime.OpenAsync(global, testMode: false, sources: 1, TimeProvider.System,
                         new Serilog.LoggerConfiguration().WriteTo.Sink(logs).CreateLogger()))
        {
        }
        return logs.WithLevels;
    }

    [SkippableFact]
    public async Task A_redis_that_evicts_any_key_when_full_is_a_warning_at_start()
    {
        var logs = await StartAsync("allkeys-lru", "100mb");

        var warning = Assert.Single(logs.Split('\n'), l => l.StartsWith("Warning: state store:", StringComparison.Ordinal));
        Assert.Contains("maxmemory-policy allkeys-lru", warning);
        Assert.Contains("helr:state:<source> makes the source start over", warning);
        Assert.Contains("noeviction", warning);
    }

    [SkippableTheory]
    [InlineData("noeviction", "100mb")]
    [InlineData("allkeys-lru", "0")]
    public async Task A_redis_that_keeps_every_key_starts_without_a_warning(string policy, string maxmemory)
    {
        var logs = await StartAsync(policy, maxmemory);

        Assert.DoesNotContain("Warning: state store:", logs);
    }
}
