using Helr.Kernel.Config;

namespace Helr.Kernel.State;

/// <summary>Opens the configured backend.</summary>
internal static class StateStoreFactory
{
    /// <summary>
    /// Opens the store. <paramref name="exclusive"/> takes the single-writer lock (run, demo, and
    /// commands that change state); read-only commands skip it so they work beside a running helr.
    /// </summary>
    public static async Task<OpenedStore> OpenAsync(StateConfig config, bool exclusive, bool readOnly, TimeProvider time)
    {
        switch (config.Backend)
        {
            case "sqlite":
                var fileLock = exclusive ? StateFileLock.Acquire(config.Path) : null;
                try
                {
                    if (readOnly && !File.Exists(config.Path)) return new OpenedStore(new MemoryStateStore(), null);
                    var store = await SqliteStateStore.OpenAsync(config.Path, readOnly, time);
                    return new OpenedStore(store, fileLock);
                }
                catch
                {
                    fileLock?.Dispose();
                    throw;
                }
            case "memory":
                return new OpenedStore(new MemoryStateStore(), null);
            default:
                throw new InvalidOperationException($"state backend '{config.Backend}' is not supported yet");
        }
    }
}

/// <summary>A store and the lock that makes this process its only writer.</summary>
internal sealed class OpenedStore(IStateStore store, IDisposable? fileLock) : IAsyncDisposable
{
    public IStateStore Store { get; } = store;

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        fileLock?.Dispose();
    }
}
