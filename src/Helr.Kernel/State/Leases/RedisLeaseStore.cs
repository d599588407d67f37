using StackExchange.Redis;

namespace Helr.Kernel.State.Leases;

/// <summary>
/// Leases as Redis strings <c>helr:lease:&lt;source_id&gt;</c> = holder id with a <c>PX</c> expiry: taken
/// with the equivalent of <c>SET NX PX</c>, renewed only by the holder, deleted only by the holder.
/// Live instances are the sorted set <c>helr:instances</c> (member = holder, score = expiry in ms).
/// The fencing token is <c>helr:fence:&lt;source_id&gt;</c>, incremented for every new holder and never
/// deleted, so it only grows.
/// </summary>
internal sealed class RedisLeaseStore(RedisStateStore store) : ILeaseStore
{
    // Redis does not undo a script's writes when a later command fails: a fence key of another type made INCR
    // fail after SET had taken the lease, so the lease stayed held (and was extended by every retry) while
    // each attempt failed. Both keys are checked before the first write, and the error names the key.
    private const string CheckKeys = """
        local lease, fence = redis.call('TYPE', KEYS[1]).ok, redis.call('TYPE', KEYS[2]).ok
        if lease ~= 'none' and lease ~= 'string' then return redis.error_reply('WRONGTYPE ' .. KEYS[1] .. ' holds a ' .. lease .. ' not a string') end
        if fence ~= 'none' and fence ~= 'string' then return redis.error_reply('WRONGTYPE ' .. KEYS[2] .. ' holds a ' .. fence .. ' not a string') end
        if fence == 'string' and not string.match(redis.call('GET', KEYS[2]), '^%d+$') then
          return redis.error_reply('ERR ' .. KEYS[2] .. ' holds a string that is not a whole number')
        end

        """;

    // Returns the token (>= 1) when ARGV[1] holds the lease afterwards, 0 otherwise.
    private const string AcquireScript = CheckKeys + """
        local current = redis.call('GET', KEYS[1])
        if current == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          local token = tonumber(redis.call('GET', KEYS[2]) or '0')
          if token > 0 then return token end
          return redis.call('INCR', KEYS[2])
        end
        if current == false then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return redis.call('INCR', KEYS[2])
        end
        return 0
        """;

    private const string TakeOverScript = CheckKeys + """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
          return redis.call('INCR', KEYS[2])
        end
        return 0
        """;

    // Named like the checks above: Redis's own WRONGTYPE names no key, and the instances key is one for all sources.
    private const string HeartbeatScript = """
        local kind = redis.call('TYPE', KEYS[1]).ok
        if kind ~= 'none' and kind ~= 'zset' then return redis.error_reply('WRONGTYPE ' .. KEYS[1] .. ' holds a ' .. kind .. ' not a sorted set') end
        local now = redis.call('TIME')
        local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
        redis.call('ZADD', KEYS[1], ms + tonumber(ARGV[2]), ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ms)
        return redis.call('ZCARD', KEYS[1])
        """;

    private const string ReleaseScript = """
        local kind = redis.call('TYPE', KEYS[1]).ok
        if kind ~= 'none' and kind ~= 'string' then return redis.error_reply('WRONGTYPE ' .. KEYS[1] .. ' holds a ' .. kind .. ' not a string') end
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    public Task<long?> TryAcquireAsync(string sourceId, string holder, TimeSpan ttl, CancellationToken ct) => store.Guard(async () =>
    {
        var result = await store.Db.ScriptEvaluateAsync(AcquireScript,
            Keys(sourceId), new RedisValue[] { holder, (long)ttl.TotalMilliseconds });
        return Token(result);
    });

    private static RedisKey[] Keys(string sourceId) => new RedisKey[] { RedisStateStore.LeasePrefix + sourceId, RedisStateStore.FencePrefix + sourceId };

    private static long? Token(RedisResult result) => (long)result is > 0 and var token ? token : null;

    // Named like the scripts' checks: Redis's own WRONGTYPE names no key.
    public Task<string?> GetHolderAsync(string sourceId, CancellationToken ct) => store.Guard(async () =>
        (string?)await store.Named(RedisStateStore.LeasePrefix + sourceId, "string", () => store.Db.StringGetAsync(RedisStateStore.LeasePrefix + sourceId)));

    public Task<long?> TakeOverAsync(string sourceId, string expected, string holder, TimeSpan ttl, CancellationToken ct) => store.Guard(async () =>
    {
        var result = await store.Db.ScriptEvaluateAsync(TakeOverScript,
            Keys(sourceId), new RedisValue[] { expected, holder, (long)ttl.TotalMilliseconds });
        return Token(result);
    });

    public Task<int> HeartbeatAsync(string holder, TimeSpan ttl, CancellationToken ct) => store.Guard(async () =>
        (int)(long)await store.Db.ScriptEvaluateAsync(HeartbeatScript,
            new RedisKey[] { RedisStateStore.InstancesKey }, new RedisValue[] { holder, (long)ttl.TotalMilliseconds }));

    public Task ReleaseAsync(string sourceId, string holder, CancellationToken ct) => store.Guard(() =>
        store.Db.ScriptEvaluateAsync(ReleaseScript, new RedisKey[] { RedisStateStore.LeasePrefix + sourceId }, new RedisValue[] { holder }));

    public Task LeaveAsync(string holder, CancellationToken ct) => store.Guard(() =>
        store.Db.SortedSetRemoveAsync(RedisStateStore.InstancesKey, holder));

    public Task<IReadOnlyList<string>> InstancesAsync(CancellationToken ct) => store.Guard(async () =>
        (IReadOnlyList<string>)(await store.Db.SortedSetRangeByRankAsync(RedisStateStore.InstancesKey)).Select(m => (string)m!).ToList());
}
