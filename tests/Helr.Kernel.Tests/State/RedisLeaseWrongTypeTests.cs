using Helr.Kernel.State;
using Helr.Kernel.State.Leases;
using StackExchange.Redis;
using Xunit;
using Xunit.Abstractions;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// Taking a Redis lease when the source's fence or lease key holds another type (written by hand or by
/// another program): the attempt fails naming the key, with the lease left as it was, never held by an
/// instance that got no token.
/// </summary>
public sealed class RedisLeaseWrongTypeTests(StoreServers servers, ITestOutputHelper output) : IClassFixture<StoreServers>
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);
    private const string FenceKey = RedisStateStore.FencePrefix + "s";
    private const string LeaseKey = RedisStateStore.LeasePrefix + "s";

    public static readonly TheoryData<string> WrongFences = new() { "list", "not-a-number" };

    private static Task Spoil(IDatabase db, string key, string how) => how == "list"
        ? db.ListRightPushAsync(key, "written by something else")
        : db.StringSetAsync(key, how);

    [SkippableTheory]
    [MemberData(nameof(WrongFences))]
    public async Task A_fence_key_of_another_kind_fails_the_attempt_naming_it_and_leaves_the_lease_free(string how)
    {
        await using var opened = await servers.OpenAsync("redis", output);
        var redis = (RedisStateStore)opened.Store;
        await Spoil(redis.Db, FenceKey, how);

        var error = await Assert.ThrowsAsync<StateStoreUnavailableException>(() => opened.Leases!.TryAcquireAsync("s", "a", Ttl, default));

        // Before: "a" held the lease (for as long as it kept retrying), so nobody could take it once the key was mended.
        Assert.Null(await opened.Leases!.GetHolderAsync("s", default));
        Assert.Contains(FenceKey, error.Message);
        await redis.Db.KeyDeleteAsync(FenceKey);
        Assert.Equal(1, await opened.Leases.TryAcquireAsync("s", "b", Ttl, default));
    }

    [SkippableTheory]
    [MemberData(nameof(WrongFences))]
    public async Task A_fence_key_of_another_kind_fails_a_take_over_naming_it_and_leaves_the_lease_with_its_holder(string how)
    {
        await using var opened = await servers.OpenAsync("redis", output);
        var redis = (RedisStateStore)opened.Store;
        Assert.Equal(1, await opened.Leases!.TryAcquireAsync("s", "dead", Ttl, default));
        await redis.Db.KeyDeleteAsync(FenceKey);
        await Spoil(redis.Db, FenceKey, how);

        var error = await Assert.ThrowsAsync<StateStoreUnavailableException>(() => opened.Leases.TakeOverAsync("s", "dead", "a", Ttl, default));

        Assert.Equal("dead", await opened.Leases.GetHolderAsync("s", default));
        Assert.Contains(FenceKey, error.Message);
    }

    [SkippableFact]
    public async Task A_lease_key_of_another_type_fails_the_attempt_naming_it()
    {
        await using var opened = await servers.OpenAsync("redis", output);
        var redis = (RedisStateStore)opened.Store;
        await redis.Db.HashSetAsync(LeaseKey, "f", "v");

        var error = await Assert.ThrowsAsync<StateStoreUnavailableException>(() => opened.Leases!.TryAcquireAsync("s", "a", Ttl, default));

        Assert.Contains(LeaseKey, error.Message);
        Assert.False(await redis.Db.KeyExistsAsync(FenceKey));
    }

    // Reading the holder (is it a dead process of this host? is the lease free?) gave Redis's bare "WRONGTYPE Operation against a key …".
    [SkippableFact]
    public async Task A_lease_key_of_another_type_fails_reading_its_holder_naming_it()
    {
        await using var opened = await servers.OpenAsync("redis", output);
        var redis = (RedisStateStore)opened.Store;
        await redis.Db.HashSetAsync(LeaseKey, "f", "v");

        var error = await Assert.ThrowsAsync<StateStoreUnavailableException>(() => opened.Leases!.GetHolderAsync("s", default));

        Assert.Contains($"WRONGTYPE {LeaseKey} holds a hash not a string", error.Message);
    }

    [SkippableFact]
    public async Task A_lease_key_of_another_type_fails_the_release_naming_it()
    {
        await using var opened = await servers.OpenAsync("redis", output);
        var redis = (RedisStateStore)opened.Store;
        await redis.Db.HashSetAsync(LeaseKey, "f", "v");

        var error = await Assert.ThrowsAsync<StateStoreUnavailableException>(() => opened.Leases!.ReleaseAsync("s", "a", default));

        Assert.Contains(LeaseKey, error.Message);
        Assert.True(await redis.Db.KeyExistsAsync(LeaseKey));
    }

    [SkippableFact]
    public async Task An_instances_key_of_another_type_fails_the_heartbeat_naming_it()
    {
        await using var opened = await servers.OpenAsync("redis", output);
        var redis = (RedisStateStore)opened.Store;
        await redis.Db.StringSetAsync(RedisStateStore.InstancesKey, "written by something else");

        var error = await Assert.ThrowsAsync<StateStoreUnavailableException>(() => opened.Leases!.HeartbeatAsync("a", Ttl, default));

        Assert.Contains(RedisStateStore.InstancesKey, error.Message);
        Assert.Equal("written by something else", (string?)await redis.Db.StringGetAsync(RedisStateStore.InstancesKey));
    }

    [SkippableFact]
    public async Task A_heartbeat_that_fails_is_a_warning_not_only_a_debug_line()
    {
        await using var opened = await servers.OpenAsync("redis", output);
        var redis = (RedisStateStore)opened.Store;
        await redis.Db.StringSetAsync(RedisStateStore.InstancesKey, "written by something else");
        var logs = new Support.LogLines();
        var leases = new SourceLeases(opened.Leases!, Ttl, pollWhenUnreachable: false, 1, TimeProvider.System,
            new Serilog.LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(logs).CreateLogger());

        await leases.StartAsync();
        await leases.DisposeAsync();

        var warning = logs.WithLevels.Split('\n').Single(l => l.StartsWith("Warning: instance heartbeat failed:", StringComparison.Ordinal));
        Assert.Contains($"WRONGTYPE {RedisStateStore.InstancesKey}", warning);
    }
}
