using Helr.Kernel.State.Leases;

namespace Helr.Kernel.State;

/// <summary>A store, the lock that makes this process its only writer (SQLite), and its leases (Redis, Postgres).</summary>
internal sealed class OpenedStore(IStateStore store, IDisposable? fileLock, ILeaseStore? leases) : IAsyncDisposable
{
    public IStateStore Store { get; } = store;

    public ILeaseStore? Leases { get; } = leases;

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        fileLock?.Dispose();
    }
}
