using StackExchange.Redis;

namespace Helr.Kernel.State;

// An import: every source's values and ids in one script.
internal sealed partial class RedisStateStore
{
    // KEYS: each source's hash and list. ARGV per source: pair count, id count, capacity, field/value
    // pairs…, ids…. Redis does not undo a script's writes when a later command fails, so every key's type
    // is checked before the first write: a key of another type fails the import with nothing written.
    private const string ImportScript = """
        for i = 1, #KEYS, 2 do
          local hash, list = redis.call('TYPE', KEYS[i]).ok, redis.call('TYPE', KEYS[i + 1]).ok
          if hash ~= 'none' and hash ~= 'hash' then return redis.error_reply('WRONGTYPE ' .. KEYS[i] .. ' holds a ' .. hash .. ', not a hash') end
          if list ~= 'none' and list ~= 'list' then return redis.error_reply('WRONGTYPE ' .. KEYS[i + 1] .. ' holds a ' .. list .. ', not a list') end
        end
        local a = 1
        for i = 1, #KEYS, 2 do
          local fields, ids, capacity = tonumber(ARGV[a]), tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
          a = a + 3
          local last = a + 2 * fields - 1
          for j = a, last, 1000 do
            redis.call('HSET', KEYS[i], unpack(ARGV, j, math.min(j + 999, last)))
          end
          a = last + 1
          if ids > 0 then
            last = a + ids - 1
            for j = a, last, 1000 do
              redis.call('RPUSH', KEYS[i + 1], unpack(ARGV, j, math.min(j + 999, last)))
            end
            redis.call('LTRIM', KEYS[i + 1], -capacity, -1)
            a = last + 1
          end
        end
        return 1
        """;

    public Task CommitAllAsync(IReadOnlyList<KeyValuePair<string, StateCommit>> commits, CancellationToken ct = default) => Guard(async () =>
    {
        var keys = new List<RedisKey>();
        var args = new List<RedisValue>();
        foreach (var (sourceId, commit) in commits.Where(c => !c.Value.IsEmpty))
        {
            keys.Add(StatePrefix + sourceId);
            keys.Add(DedupePrefix + sourceId);
            args.Add(commit.Values.Count);
            args.Add(commit.DedupeIds.Count);
            args.Add(Math.Max(1, commit.DedupeCapacity));
            foreach (var (k, v) in commit.Values)
            {
                args.Add(k);
                args.Add(v);
            }
            foreach (var id in commit.DedupeIds) args.Add(id);
        }
        if (keys.Count > 0) await Db.ScriptEvaluateAsync(ImportScript, keys.ToArray(), args.ToArray());
        return 0;
    });
}
