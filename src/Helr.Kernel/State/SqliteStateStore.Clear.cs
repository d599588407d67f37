using Microsoft.Data.Sqlite;

namespace Helr.Kernel.State;

// `helr state reset`: a source's keys and dedupe window go together or not at all.
internal sealed partial class SqliteStateStore
{
    public async Task ClearSourceAsync(string sourceId, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            // One transaction: each statement of a command commits on its own, and keys deleted without the
            // dedupe window made the source start over and drop the window's events as duplicates.
            await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
            await using var cmd = _connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "DELETE FROM helr_state WHERE source_id = $s; DELETE FROM helr_dedupe WHERE source_id = $s";
            cmd.Parameters.AddWithValue("$s", sourceId);
            await cmd.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }
}
