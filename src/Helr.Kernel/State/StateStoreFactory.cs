using Helr.Kernel.Config;
using Helr.Kernel.State.Leases;

namespace Helr.Kernel.State;

/// <summary>Opens the configured backend.</summary>
internal static class StateStoreFactory
{
    /// <summary>
    /// Opens the store. <paramref name="exclusive"/> takes the single-writer lock of a SQLite file (run,
    /// demo, and commands that change state); read-only commands skip it so they work beside a running
    /// helr. Redis and Postgres open without reaching the server: their first operation does, and they
    /// reconnect by themselves after an outage.
    /// </summary>
    public static async Task<OpenedStore> OpenAsync(StateConfig config, bool exclusive, bool readOnly, TimeProvider time)
    {
        switch (config.Backend)
        {
            case "sqlite":
                var fileLock = exclusive ? StateFileLock.Acquire(config.Path) : null;
                try
                {
                    // Nothing stored yet. A folder at the path is no such case: shown as "(no state)" it hid the mistake that `run` refuses.
                    if (readOnly && !File.Exists(config.Path) && !Directory.Exists(config.Path)) return new OpenedStore(new MemoryStateStore(), null, null);
                    var store = await SqliteStateStore.OpenAsync(config.Path, readOnly, time);
                    return new OpenedStore(store, fileLock, null);
                }
                catch
                {
                    fileLock?.Dispose();
                    throw;
                }
            case "redis":
                var redis = await RedisStateStore.OpenAsync(RedisUrl.Parse(config.Url ?? RedisUrl.Default, out _));
                return new OpenedStore(redis, null, new RedisLeaseStore(redis));
            case "postgres":
                var postgres = new PostgresStateStore(PostgresUrl.Parse(config.Url!, out _), time);
                return new OpenedStore(postgres, null, new PostgresLeaseStore(postgres));
            default:
                return new OpenedStore(new MemoryStateStore(), null, null);
        }
    }
}
