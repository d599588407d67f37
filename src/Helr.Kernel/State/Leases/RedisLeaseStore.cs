using StackExchange.Redis;

namespace Helr.Kernel.State.Leases;

/// <summary>
/// Leases as Redis strings <c>helr:lease:&lt;source_id&gt;</c> = holder id with a <c>PX</c> expiry: taken
/// with the equivalent of <c>SET NX PX</c>, renewed only by the holder, deleted only by the holder.
/// Live instances are the sorted set <c>helr:instances</c> (member = holder, score = expiry in ms).
/// </summary>
internal sealed class RedisLeaseStore(RedisStateStore store) : ILeaseStore
{
    private const string AcquireScript = """
        local current = redis.call('GET', KEYS[1])
        if current == false or current == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return 1
        end
        return 0
        """;

    private const string TakeOverScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
          return 1
        end
        return 0
        """;

    private const string HeartbeatScript = """
        local now = redis.call('TIME')
        local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
        redis.call('ZADD', KEYS[1], ms + tonumber(ARGV[2]), ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ms)
        return redis.call('ZCARD', KEYS[1])
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    public Task<bool> TryAcquireAsync(string sourceId, string holder, TimeSpan ttl, CancellationToken ct) => store.Guard(async () =>
    {
        var result = await store.Db.ScriptEvaluateAsync(AcquireScript,
            new RedisKey[] { RedisStateStore.LeasePrefix + sourceId }, new RedisValue[] { holder, (long)ttl.TotalMilliseconds });
        return (long)result == 1;
    });

    public Task<string?> GetHolderAsync(string sourceId, CancellationToken ct) => store.Guard(async () =>
        (string?)await store.Db.StringGetAsync(RedisStateStore.LeasePrefix + sourceId));

    public Task<bool> TakeOverAsync(string sourceId, string expected, string holder, TimeSpan ttl, CancellationToken ct) => store.Guard(async () =>
    {
        var result = await store.Db.ScriptEvaluateAsync(TakeOverScript,
            new RedisKey[] { RedisStateStore.LeasePrefix + sourceId }, new RedisValue[] { expected, holder, (long)ttl.TotalMilliseconds });
        return (long)result == 1;
    });

    public Task<int> HeartbeatAsync(string holder, TimeSpan ttl, CancellationToken ct) => store.Guard(async () =>
        (int)(long)await store.Db.ScriptEvaluateAsync(HeartbeatScript,
            new RedisKey[] { RedisStateStore.InstancesKey }, new RedisValue[] { holder, (long)ttl.TotalMilliseconds }));

    public Task ReleaseAsync(string sourceId, string holder, CancellationToken ct) => store.Guard(() =>
        store.Db.ScriptEvaluateAsync(ReleaseScript, new RedisKey[] { RedisStateStore.LeasePrefix + sourceId }, new RedisValue[] { holder }));
}
