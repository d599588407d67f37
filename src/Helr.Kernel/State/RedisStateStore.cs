using StackExchange.Redis;
using Helr.Kernel.Config;

namespace Helr.Kernel.State;

/// <summary>
/// State in Redis, upstream's layout: one hash per source, <c>helr:state:&lt;source_id&gt;</c> (field = state
/// key). The dedupe window is the list <c>helr:dedupe:&lt;source_id&gt;</c> (oldest first) and the lease
/// the string <c>helr:lease:&lt;source_id&gt;</c>. A commit is one Lua script, so its values, its dedupe
/// ids and the lease check apply together or not at all.
/// </summary>
internal sealed partial class RedisStateStore : IStateStore
{
    internal const string StatePrefix = "helr:state:";
    internal const string DedupePrefix = "helr:dedupe:";
    internal const string LeasePrefix = "helr:lease:";
    internal const string FencePrefix = "helr:fence:";
    internal const string InstancesKey = "helr:instances";

    // ARGV: holder ('' = unchecked), fencing token ('0' = unchecked), capacity, pair count, field/value pairs…, ids…
    // Returns 0 (nothing written) when the fencing token moved on (another instance held the source
    // since) or, without a token, when another instance holds the lease. Redis does not undo a script's
    // writes when a later command fails: a dedupe key of another type made RPUSH fail after HSET had
    // moved the cursor, so every key's type is checked before the first write.
    private const string CommitScript = """
        local hash, list = redis.call('TYPE', KEYS[1]).ok, redis.call('TYPE', KEYS[2]).ok
        if hash ~= 'none' and hash ~= 'hash' then return redis.error_reply('WRONGTYPE ' .. KEYS[1] .. ' holds a ' .. hash .. ' not a hash') end
        if list ~= 'none' and list ~= 'list' then return redis.error_reply('WRONGTYPE ' .. KEYS[2] .. ' holds a ' .. list .. ' not a list') end
        if ARGV[2] ~= '0' then
          if redis.call('GET', KEYS[4]) ~= ARGV[2] then return 0 end
        elseif ARGV[1] ~= '' then
          local holder = redis.call('GET', KEYS[3])
          if holder and holder ~= ARGV[1] then return 0 end
        end
        local pairs = tonumber(ARGV[4])
        local first = 5
        local last = first + 2 * pairs - 1
        for i = first, last, 1000 do
          redis.call('HSET', KEYS[1], unpack(ARGV, i, math.min(i + 999, last)))
        end
        if #ARGV > last then
          for i = last + 1, #ARGV, 1000 do
            redis.call('RPUSH', KEYS[2], unpack(ARGV, i, math.min(i + 999, #ARGV)))
          end
          redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
        end
        return 1
        """;

    private readonly ConnectionMultiplexer _redis;
    private readonly RedisUrl _url;

    private RedisStateStore(ConnectionMultiplexer redis, RedisUrl url)
    {
        _redis = redis;
        _url = url;
    }

    public string Description => _url.Description;

    internal IDatabase Db => _redis.GetDatabase(_url.Database);

    /// <summary>Connects (or keeps trying in the background when the server is down: the store still opens).</summary>
    public static async Task<RedisStateStore> OpenAsync(RedisUrl url)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(url.ToOptions());
        return new RedisStateStore(redis, url);
    }

    public Task<IReadOnlyDictionary<string, string>> GetAllAsync(string sourceId, CancellationToken ct = default) => Guard(async () =>
    {
        var entries = await Named(StatePrefix + sourceId, "hash", () => Db.HashGetAllAsync(StatePrefix + sourceId));
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in entries) result[e.Name!] = e.Value!;
        return (IReadOnlyDictionary<string, string>)result;
    });

    public Task CommitAsync(string sourceId, StateCommit commit, CancellationToken ct = default) => Guard(async () =>
    {
        if (commit.IsEmpty && commit.Fence is null) return 0;
        var args = new List<RedisValue>(4 + commit.Values.Count * 2 + commit.DedupeIds.Count)
        {
            commit.Fence?.Holder ?? "", commit.Fence?.Token ?? 0, Math.Max(1, commit.DedupeCapacity), commit.Values.Count,
        };
        foreach (var (k, v) in commit.Values)
        {
            args.Add(k);
            args.Add(v);
        }
        foreach (var id in commit.DedupeIds) args.Add(id);
        RedisKey[] keys = { StatePrefix + sourceId, DedupePrefix + sourceId, LeasePrefix + sourceId, FencePrefix + sourceId };
        var applied = (long)await Db.ScriptEvaluateAsync(CommitScript, keys, args.ToArray());
        if (applied == 0) throw new LeaseLostException(sourceId);
        return 0;
    });

    public Task<IReadOnlyList<string>> GetDedupeIdsAsync(string sourceId, int capacity, CancellationToken ct = default) => Guard(async () =>
    {
        var ids = await Named(DedupePrefix + sourceId, "list", () => Db.ListRangeAsync(DedupePrefix + sourceId, -Math.Max(1, capacity), -1));
        return (IReadOnlyList<string>)ids.Select(v => (string)v!).ToList();
    });

    public Task ClearSourceAsync(string sourceId, CancellationToken ct = default) =>
        Guard(() => Db.KeyDeleteAsync(new RedisKey[] { StatePrefix + sourceId, DedupePrefix + sourceId }));

    public Task<IReadOnlyList<string>> ListSourcesAsync(CancellationToken ct = default) => Guard(async () =>
    {
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        var server = _redis.GetServers().FirstOrDefault() ?? throw new StateStoreUnavailableException($"{Description}: no server");
        foreach (var prefix in new[] { StatePrefix, DedupePrefix })
        {
            await foreach (var key in server.KeysAsync(_url.Database, prefix + "*", pageSize: 100))
                sources.Add(((string)key!)[prefix.Length..]);
        }
        return (IReadOnlyList<string>)sources.ToList();
    });

    public Task PingAsync(CancellationToken ct = default) => Guard(() => Db.PingAsync());

    // Redis's own WRONGTYPE names no key. A cycle reads before it writes, so a key another program overwrote
    // failed every cycle with that, and the checkpoint's error naming the key was never reached.
    internal async Task<T> Named<T>(string key, string expected, Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            var holds = (string?)await Db.ExecuteAsync("TYPE", key);
            throw new RedisServerException(ex.Kind, ex.Flags, $"WRONGTYPE {key} holds a {holds} not a {expected}");
        }
    }

    /// <summary>
    /// Turns the client's failures into one exception type callers handle. RedisCommandException (a command
    /// the client refuses to send: a database the server lacks, a command its command map disables) is no
    /// RedisException; it ended helr state and run with a stack trace.
    /// </summary>
    internal async Task<T> Guard<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception ex) when (ex is RedisException or RedisCommandException or TimeoutException)
        {
            throw new StateStoreUnavailableException($"{Description}: {FirstLine(ex.Message)}", ex);
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(new[] { '\n', ',' });
        return end < 0 ? message : message[..end];
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();
}
