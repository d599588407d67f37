namespace Helr.Kernel.State;

internal sealed partial class SqliteStateStore
{
    // Reads the file (its first page), so a lost or unreadable file fails it; the connection is not
    // thread-safe, so it waits its turn behind a commit.
    public async Task PingAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT 1 FROM sqlite_master LIMIT 1";
            await cmd.ExecuteScalarAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }
}
