using System.Globalization;
using StackExchange.Redis;

namespace Helr.Kernel.State;

// A Redis shared with a cache is often set to evict any key when full (maxmemory-policy allkeys-*): an evicted
// helr:state:<id> makes its source start over without a word (its events again, or those since its last
// position skipped when it has no from), and an evicted dedupe window lets repeats through.
internal sealed partial class RedisStateStore
{
    /// <summary>Why this server may evict helr's keys, or null (it may not, or it does not say: INFO refused).</summary>
    public async Task<string?> EvictionRiskAsync()
    {
        string info;
        try
        {
            // Through a script: the client refuses INFO unless in admin mode, which would let it send FLUSHALL too.
            info = (string?)await Db.ScriptEvaluateAsync("return redis.call('INFO', 'memory')") ?? "";
        }
        catch (Exception ex) when (ex is RedisException or RedisCommandException or TimeoutException)
        {
            return null;
        }
        string? Field(string name) => info.Split('\n').Select(l => l.TrimEnd('\r'))
            .FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal))?[(name.Length + 1)..];
        var policy = Field("maxmemory_policy");
        // maxmemory 0 is no limit: nothing is evicted whatever the policy.
        if (policy is null || !policy.StartsWith("allkeys-", StringComparison.Ordinal)
            || !long.TryParse(Field("maxmemory"), NumberStyles.None, CultureInfo.InvariantCulture, out var max) || max == 0) return null;
        return $"{Description} evicts any key when it is full (maxmemory-policy {policy}, maxmemory {Field("maxmemory_human") ?? max.ToString(CultureInfo.InvariantCulture)}): "
            + $"an evicted {StatePrefix}<source> makes the source start over, and an evicted {DedupePrefix}<source> lets repeats through; "
            + "set maxmemory-policy noeviction, or give helr a Redis of its own";
    }
}
