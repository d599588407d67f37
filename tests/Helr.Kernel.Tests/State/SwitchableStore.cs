using Helr.Kernel.State;

namespace Helr.Kernel.Tests.State;

/// <summary>A state store that can be switched off in process: while <see cref="Down"/>, every call fails as an outage does.</summary>
internal sealed class SwitchableStore : IStateStore
{
    public MemoryStateStore Inner { get; } = new();

    public bool Down { get; set; }

    /// <summary>The next commit is stored, but its answer is lost (a timeout, or the connection dropped after COMMIT): it fails as an outage does.</summary>
    public bool LoseNextAnswer { get; set; }

    public string Description => "switchable";

    // Checked before the inner call, so nothing reaches the store while it is down.
    private T Up<T>(Func<T> call) => Down ? throw new StateStoreUnavailableException("down") : call();

    public Task<IReadOnlyDictionary<string, string>> GetAllAsync(string sourceId, CancellationToken ct = default) => Up(() => Inner.GetAllAsync(sourceId, ct));

    // A network store (Redis, PostgreSQL) gives up on a cancelled write; the memory one would not.
    public Task CommitAsync(string sourceId, StateCommit commit, CancellationToken ct = default) =>
        Up(() => ct.IsCancellationRequested ? Task.FromCanceled(ct) : LoseNextAnswer ? StoredButLost(sourceId, commit) : Inner.CommitAsync(sourceId, commit, ct));

    private async Task StoredButLost(string sourceId, StateCommit commit)
    {
        LoseNextAnswer = false;
        await Inner.CommitAsync(sourceId, commit);
        throw new StateStoreUnavailableException("no answer");
    }

    public Task<IReadOnlyList<string>> GetDedupeIdsAsync(string sourceId, int capacity, CancellationToken ct = default) => Up(() => Inner.GetDedupeIdsAsync(sourceId, capacity, ct));

    public Task ClearSourceAsync(string sourceId, CancellationToken ct = default) => Up(() => Inner.ClearSourceAsync(sourceId, ct));

    public Task<IReadOnlyList<string>> ListSourcesAsync(CancellationToken ct = default) => Up(() => Inner.ListSourcesAsync(ct));

    public Task PingAsync(CancellationToken ct = default) => Up(() => Inner.PingAsync(ct));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
