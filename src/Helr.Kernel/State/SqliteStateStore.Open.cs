using Microsoft.Data.Sqlite;

namespace Helr.Kernel.State;

// Opening the file: connection settings, WAL and sync pragmas, and the tables when writable.
internal sealed partial class SqliteStateStore
{
    public static async Task<SqliteStateStore> OpenAsync(string path, bool readOnly, TimeProvider time)
    {
        try
        {
            return await OpenFileAsync(path, readOnly, time);
        }
        catch (SqliteException ex)
        {
            // SQLite's own message names no file ("unable to open database file", "file is not a database").
            throw new IOException($"cannot use global.state.path \"{path}\": {ex.Message}{(readOnly && ex.SqliteErrorCode is CantOpen or ReadOnlyFile ? WalFilesHint : "")}", ex);
        }
    }

    private const int ReadOnlyFile = 8, CantOpen = 14;

    private const string WalFilesHint = " (the file is in WAL mode: reading it creates its -shm and -wal beside it when no helr has them open, so its folder must be writable for this user)";

    private static async Task<SqliteStateStore> OpenFileAsync(string path, bool readOnly, TimeProvider time)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        };
        if (!readOnly)
        {
            var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (dir is not null) Directory.CreateDirectory(dir);
            CreateOwnerOnly(path);
        }
        var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync();
        var store = new SqliteStateStore(path, connection, time, readOnly);
        try
        {
            await store.ExecAsync("PRAGMA busy_timeout = 10000;");
            if (!readOnly)
            {
                // SQLite opens a file it may not write read-only without a word, and every checkpoint then failed with
                // "attempt to write a readonly database", naming no file, so no position was ever stored.
                if (SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
                    throw new IOException($"cannot use global.state.path \"{path}\": the file is read-only for this process (helr writes its checkpoints there)");
                await store.ExecAsync("PRAGMA journal_mode = WAL;");
                await store.ExecAsync("PRAGMA synchronous = FULL;");
                await store.ExecAsync("""
                    CREATE TABLE IF NOT EXISTS helr_state (
                      source_id TEXT NOT NULL,
                      key TEXT NOT NULL,
                      value TEXT NOT NULL,
                      updated_at INTEGER NOT NULL,
                      PRIMARY KEY (source_id, key))
                    """);
                await store.ExecAsync("""
                    CREATE TABLE IF NOT EXISTS helr_dedupe (
                      source_id TEXT NOT NULL,
                      seq INTEGER NOT NULL,
                      event_id TEXT NOT NULL,
                      PRIMARY KEY (source_id, seq))
                    """);
            }
            // A reader meets the WAL files only at its first read, which failed in state show, export or helr test
            // without naming the file; read once here, where a failure is named.
            else await store.ExecAsync("SELECT count(*) FROM sqlite_master;");
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
        return store;
    }

    // The file holds a refresh token the server rotated, so a new one is the owner's alone (SQLite gives
    // its -wal and -shm the file's mode); SQLite would make it 0644 under the usual umask. A file that
    // exists keeps the mode its owner gave it.
    private static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path)) return;
        try
        {
            using var _ = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Made meanwhile by another process (SQLite opens it as it is), or a folder or a read-only
            // place, which SQLite's open reports under global.state.path.
        }
    }

    // helr test (read-only, no single-writer lock) still stores a credential the server rotated: one upsert
    // on its own short-lived connection, beside the running helr's (SQLite serialises the two writers).
    private async Task CommitCredentialAsync(string sourceId, StateCommit commit, CancellationToken ct)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30 };
        await using var writer = new SqliteConnection(builder.ToString());
        await writer.OpenAsync(ct);
        await using (var wait = writer.CreateCommand())
        {
            wait.CommandText = "PRAGMA busy_timeout = 10000;";
            await wait.ExecuteNonQueryAsync(ct);
        }
        await using var tx = (SqliteTransaction)await writer.BeginTransactionAsync(ct);
        await UpsertAsync(tx, sourceId, commit.Values, _time.GetUtcNow().ToUnixTimeSeconds(), ct);
        await tx.CommitAsync(ct);
    }

    private async Task ExecAsync(string sql)
    {
        await using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}
