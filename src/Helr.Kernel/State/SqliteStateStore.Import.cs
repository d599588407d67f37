using Microsoft.Data.Sqlite;

namespace Helr.Kernel.State;

// An import: every source's values and ids in one transaction.
internal sealed partial class SqliteStateStore
{
    public async Task CommitAllAsync(IReadOnlyList<KeyValuePair<string, StateCommit>> commits, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
            var now = _time.GetUtcNow().ToUnixTimeSeconds();
            foreach (var (sourceId, commit) in commits)
            {
                await UpsertAsync(tx, sourceId, commit.Values, now, ct);
                if (commit.DedupeIds.Count > 0) await AppendIdsAsync(tx, sourceId, commit.DedupeIds, commit.DedupeCapacity, ct);
            }
            await tx.CommitAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }
}
