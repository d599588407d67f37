using Helr.Kernel.State;
using Xunit;
using Xunit.Abstractions;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// A Redis checkpoint when one of the source's keys holds another type (written by hand or by another
/// program): the checkpoint fails naming the key, with nothing written, never half applied; the read that
/// starts a cycle (before any checkpoint) names the key too.
/// </summary>
public sealed class RedisCommitWrongTypeTests(StoreServers servers, ITestOutputHelper output) : IClassFixture<StoreServers>
{
    [SkippableTheory]
    [InlineData(RedisStateStore.DedupePrefix)]
    [InlineData(RedisStateStore.StatePrefix)]
    public async Task A_key_of_another_type_fails_the_checkpoint_with_nothing_written(string wrongKeyPrefix)
    {
        await using var opened = await servers.OpenAsync("redis", output);
        var redis = (RedisStateStore)opened.Store;
        await redis.CommitAsync("s", new StateCommit(new Dictionary<string, string> { ["cursor"] = "c1" }, ["e1"], 100));
        var key = wrongKeyPrefix + "s";
        var kept = (await redis.Db.KeyDumpAsync(key))!;
        await redis.Db.KeyDeleteAsync(key);
        await redis.Db.StringSetAsync(key, "written by something else");

        var error = await Assert.ThrowsAsync<StateStoreUnavailableException>(() =>
            redis.CommitAsync("s", new StateCommit(new Dictionary<string, string> { ["cursor"] = "c2" }, ["e2"], 100)));

        await redis.Db.KeyDeleteAsync(key);
        await redis.Db.KeyRestoreAsync(key, kept);
        Assert.Equal("c1", (await redis.GetAllAsync("s"))["cursor"]);
        Assert.Equal(["e1"], await redis.GetDedupeIdsAsync("s", 100));
        Assert.Contains(key, error.Message);
    }

    [SkippableTheory]
    [InlineData(RedisStateStore.StatePrefix, "hash")]
    [InlineData(RedisStateStore.DedupePrefix, "list")]
    public async Task A_key_of_another_type_fails_the_read_that_starts_a_cycle_naming_the_key(string wrongKeyPrefix, string expected)
    {
        await using var opened = await servers.OpenAsync("redis", output);
        var redis = (RedisStateStore)opened.Store;
        await redis.Db.StringSetAsync(wrongKeyPrefix + "s", "written by something else");

        var error = await Assert.ThrowsAsync<StateStoreUnavailableException>(async () =>
        {
            await redis.GetAllAsync("s");
            await redis.GetDedupeIdsAsync("s", 100);
        });

        Assert.Contains($"WRONGTYPE {wrongKeyPrefix}s holds a string not a {expected}", error.Message);
    }
}
