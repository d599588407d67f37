using Microsoft.Data.Sqlite;

namespace Helr.Kernel.State;

/// <summary>
/// The default store: one SQLite file in WAL mode, table
/// <c>helr_state(source_id, key, value, updated_at, PRIMARY KEY(source_id, key))</c> as upstream Helr,
/// plus <c>helr_dedupe(source_id, seq, event_id)</c> for persisted dedupe windows. One writer per file
/// (see <see cref="StateFileLock"/>), so lease holders are not checked.
/// </summary>
internal sealed partial class SqliteStateStore : IStateStore
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time;

    private readonly bool _readOnly;

    private SqliteStateStore(string path, SqliteConnection connection, TimeProvider time, bool readOnly)
    {
        Path = path;
        _connection = connection;
        _time = time;
        _readOnly = readOnly;
    }

    public string Path { get; }
    public string Description => $"sqlite {Path}";

    public async Task<IReadOnlyDictionary<string, string>> GetAllAsync(string sourceId, CancellationToken ct = default)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!await TableExistsAsync("helr_state", ct)) return result;
        await _gate.WaitAsync(ct);
        try
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT key, value FROM helr_state WHERE source_id = $s ORDER BY key";
            cmd.Parameters.AddWithValue("$s", sourceId);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) result[reader.GetString(0)] = reader.GetString(1);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task CommitAsync(string sourceId, StateCommit commit, CancellationToken ct = default)
    {
        if (commit.IsEmpty) return;
        if (_readOnly && CredentialState.IsCredentialOnly(commit))
        {
            await CommitCredentialAsync(sourceId, commit, ct);
            return;
        }
        await _gate.WaitAsync(ct);
        try
        {
            await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
            await UpsertAsync(tx, sourceId, commit.Values, _time.GetUtcNow().ToUnixTimeSeconds(), ct);
            if (commit.DedupeIds.Count > 0) await AppendIdsAsync(tx, sourceId, commit.DedupeIds, commit.DedupeCapacity, ct);
            await tx.CommitAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    // The state's values, in the caller's transaction (on the store's connection or helr test's writer).
    private static async Task UpsertAsync(SqliteTransaction tx, string sourceId, IEnumerable<KeyValuePair<string, string>> values, long now, CancellationToken ct)
    {
        foreach (var (key, value) in values)
        {
            await using var cmd = tx.Connection!.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO helr_state (source_id, key, value, updated_at) VALUES ($s, $k, $v, $t)
                ON CONFLICT (source_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """;
            cmd.Parameters.AddWithValue("$s", sourceId);
            cmd.Parameters.AddWithValue("$k", key);
            cmd.Parameters.AddWithValue("$v", value);
            cmd.Parameters.AddWithValue("$t", now);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    private async Task AppendIdsAsync(SqliteTransaction tx, string sourceId, IReadOnlyList<string> ids, int capacity, CancellationToken ct)
    {
        await using var max = _connection.CreateCommand();
        max.Transaction = tx;
        max.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM helr_dedupe WHERE source_id = $s";
        max.Parameters.AddWithValue("$s", sourceId);
        var seq = (long)(await max.ExecuteScalarAsync(ct))!;
        await using var insert = _connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO helr_dedupe (source_id, seq, event_id) VALUES ($s, $q, $e)";
        var s = insert.Parameters.AddWithValue("$s", sourceId);
        var q = insert.Parameters.Add("$q", SqliteType.Integer);
        var e = insert.Parameters.Add("$e", SqliteType.Text);
        foreach (var id in ids)
        {
            q.Value = ++seq;
            e.Value = id;
            await insert.ExecuteNonQueryAsync(ct);
        }
        await using var trim = _connection.CreateCommand();
        trim.Transaction = tx;
        trim.CommandText = "DELETE FROM helr_dedupe WHERE source_id = $s AND seq <= $q";
        trim.Parameters.AddWithValue("$s", sourceId);
        trim.Parameters.AddWithValue("$q", seq - capacity);
        await trim.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<string>> GetDedupeIdsAsync(string sourceId, int capacity, CancellationToken ct = default)
    {
        var result = new List<string>();
        if (!await TableExistsAsync("helr_dedupe", ct)) return result;
        await _gate.WaitAsync(ct);
        try
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT event_id FROM helr_dedupe WHERE source_id = $s ORDER BY seq DESC LIMIT $n";
            cmd.Parameters.AddWithValue("$s", sourceId);
            cmd.Parameters.AddWithValue("$n", capacity);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) result.Add(reader.GetString(0));
        }
        finally
        {
            _gate.Release();
        }
        result.Reverse();
        return result;
    }

    public async Task<IReadOnlyList<string>> ListSourcesAsync(CancellationToken ct = default)
    {
        var result = new List<string>();
        if (!await TableExistsAsync("helr_state", ct)) return result;
        var withDedupe = await TableExistsAsync("helr_dedupe", ct);
        await _gate.WaitAsync(ct);
        try
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = withDedupe
                ? "SELECT source_id FROM helr_state UNION SELECT source_id FROM helr_dedupe ORDER BY source_id"
                : "SELECT DISTINCT source_id FROM helr_state ORDER BY source_id";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) result.Add(reader.GetString(0));
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<bool> TableExistsAsync(string table, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $t";
            cmd.Parameters.AddWithValue("$t", table);
            return await cmd.ExecuteScalarAsync(ct) is not null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _gate.Dispose();
    }
}
