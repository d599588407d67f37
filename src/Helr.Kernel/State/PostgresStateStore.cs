using Npgsql;
using NpgsqlTypes;
using Helr.Kernel.Config;

namespace Helr.Kernel.State;

/// <summary>
/// State in PostgreSQL: upstream's <c>helr_state</c> table (as SQLite's, <c>updated_at BIGINT</c>), plus
/// <c>helr_dedupe</c> (dedupe windows), <c>helr_lease</c> (source leases) and <c>helr_instance</c> (live
/// instances), all created on first use.
/// A commit is one transaction that also takes a per-source advisory lock and, when fenced, checks
/// that the lease is still this instance's. Keys, values and ids go through <see cref="PostgresText"/>.
/// </summary>
internal sealed partial class PostgresStateStore : IStateStore
{
    private readonly NpgsqlDataSource _db;
    private readonly TimeProvider _time;
    private readonly string? _searchPath;

    public PostgresStateStore(NpgsqlConnectionStringBuilder settings, TimeProvider time)
    {
        _db = NpgsqlDataSource.Create(settings);
        _time = time;
        _searchPath = settings.SearchPath;
        Description = PostgresUrl.Describe(settings);
    }

    public string Description { get; }

    public Task<IReadOnlyDictionary<string, string>> GetAllAsync(string sourceId, CancellationToken ct = default) => Run(async conn =>
    {
        await using var cmd = new NpgsqlCommand("SELECT key, value FROM helr_state WHERE source_id = $1 ORDER BY key", conn) { Parameters = { new() { Value = sourceId } } };
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result[PostgresText.Decode(reader.GetString(0))] = PostgresText.Decode(reader.GetString(1));
        return (IReadOnlyDictionary<string, string>)result;
    }, ct);

    // One batch, so one round trip and one implicit transaction: the shorter a checkpoint takes, the
    // fewer kills land between a page's flush and its checkpoint.
    public Task CommitAsync(string sourceId, StateCommit commit, CancellationToken ct = default) => Run(async conn =>
    {
        if (commit.IsEmpty && commit.Fence is null) return 0;
        await using var batch = new NpgsqlBatch(conn);
        Add(batch, "SELECT pg_advisory_xact_lock(hashtext($1))", sourceId);
        if (commit.Fence is { Token: > 0 } fence)
        {
            // The fencing token moved on: another instance held the source since (even if it released it).
            Add(batch, """
                SELECT 1 / (CASE WHEN EXISTS (
                  SELECT 1 FROM (SELECT token FROM helr_lease WHERE source_id = $1 FOR SHARE) AS l WHERE l.token <> $2)
                  THEN 0 ELSE 1 END)
                """, sourceId, fence.Token);
        }
        else if (commit.Fence is { } unconfirmed)
        {
            // Division by zero aborts the batch when another instance holds a live lease (a lapsed lease
            // of our own that nobody took is fine: ours is still the only write). FOR SHARE keeps a
            // takeover waiting until this checkpoint is committed.
            Add(batch, """
                SELECT 1 / (CASE WHEN EXISTS (
                  SELECT 1 FROM (SELECT holder, expires_at FROM helr_lease WHERE source_id = $1 FOR SHARE) AS l
                  WHERE l.holder <> $2 AND l.expires_at > clock_timestamp()) THEN 0 ELSE 1 END)
                """, sourceId, unconfirmed.Holder);
        }
        AddWrites(batch, sourceId, commit);
        try
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DivisionByZero)
        {
            throw new LeaseLostException(sourceId);
        }
        return 0;
    }, ct);

    /// <summary>An import: every source's writes in one batch, so one implicit transaction.</summary>
    public Task CommitAllAsync(IReadOnlyList<KeyValuePair<string, StateCommit>> commits, CancellationToken ct = default) => Run(async conn =>
    {
        await using var batch = new NpgsqlBatch(conn);
        foreach (var (sourceId, commit) in commits.Where(c => !c.Value.IsEmpty))
        {
            Add(batch, "SELECT pg_advisory_xact_lock(hashtext($1))", sourceId);
            AddWrites(batch, sourceId, commit);
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
        return 0;
    }, ct);

    private void AddWrites(NpgsqlBatch batch, string sourceId, StateCommit commit)
    {
        if (commit.Values.Count > 0)
        {
            Add(batch, """
                INSERT INTO helr_state (source_id, key, value, updated_at)
                SELECT $1, k, v, $4 FROM unnest($2::text[], $3::text[]) AS t(k, v)
                ON CONFLICT (source_id, key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
                """, sourceId, PostgresText.Encode(commit.Values.Keys), PostgresText.Encode(commit.Values.Values), _time.GetUtcNow().ToUnixTimeSeconds());
        }
        if (commit.DedupeIds.Count > 0)
        {
            Add(batch, """
                INSERT INTO helr_dedupe (source_id, seq, event_id)
                SELECT $1, base.m + t.n, t.id
                FROM (SELECT COALESCE(MAX(seq), 0) AS m FROM helr_dedupe WHERE source_id = $1) AS base,
                     unnest($2::text[]) WITH ORDINALITY AS t(id, n)
                """, sourceId, PostgresText.Encode(commit.DedupeIds));
            Add(batch, """
                DELETE FROM helr_dedupe WHERE source_id = $1
                  AND seq <= (SELECT MAX(seq) FROM helr_dedupe WHERE source_id = $1) - $2
                """, sourceId, (long)Math.Max(1, commit.DedupeCapacity));
        }
    }

    private static void Add(NpgsqlBatch batch, string sql, params object[] args)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var a in args) command.Parameters.Add(Parameter(a));
        batch.BatchCommands.Add(command);
    }

    private static NpgsqlParameter Parameter(object value) => value is string[] texts
        ? new NpgsqlParameter { Value = texts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text }
        : new NpgsqlParameter { Value = value };

    public Task<IReadOnlyList<string>> GetDedupeIdsAsync(string sourceId, int capacity, CancellationToken ct = default) => Run(async conn =>
    {
        await using var cmd = new NpgsqlCommand("SELECT event_id FROM helr_dedupe WHERE source_id = $1 ORDER BY seq DESC LIMIT $2", conn)
        { Parameters = { new() { Value = sourceId }, new() { Value = (long)Math.Max(1, capacity) } } };
        var result = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result.Add(PostgresText.Decode(reader.GetString(0)));
        result.Reverse();
        return (IReadOnlyList<string>)result;
    }, ct);

    // One batch, so one implicit transaction: keys deleted without the dedupe window made the source
    // start over and drop the window's events as duplicates.
    public Task ClearSourceAsync(string sourceId, CancellationToken ct = default) => Run(async conn =>
    {
        await using var batch = new NpgsqlBatch(conn);
        Add(batch, "DELETE FROM helr_state WHERE source_id = $1", sourceId);
        Add(batch, "DELETE FROM helr_dedupe WHERE source_id = $1", sourceId);
        await batch.ExecuteNonQueryAsync(ct);
        return 0;
    }, ct);

    public Task<IReadOnlyList<string>> ListSourcesAsync(CancellationToken ct = default) => Run(async conn =>
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT source_id FROM helr_state UNION SELECT source_id FROM helr_dedupe ORDER BY 1", conn);
        var result = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result.Add(reader.GetString(0));
        return (IReadOnlyList<string>)result;
    }, ct);

    public Task PingAsync(CancellationToken ct = default) => Run(conn => Exec(conn, "SELECT 1", ct), ct);

    /// <summary>Runs <paramref name="operation"/> on a pooled connection, creating the schema on first use.</summary>
    internal async Task<T> Run<T>(Func<NpgsqlConnection, Task<T>> operation, CancellationToken ct)
    {
        try
        {
            await using var conn = await _db.OpenConnectionAsync(ct);
            if (!_schemaReady) await CreateSchemaAsync(conn, ct);
            return await operation(conn);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or IOException)
        {
            throw new StateStoreUnavailableException($"{Description}: {ex.Message.Split('\n')[0]}", ex);
        }
    }

    internal static async Task<int> Exec(NpgsqlConnection conn, string sql, CancellationToken ct, params object[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.Add(Parameter(a));
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();
        _schemaGate.Dispose();
    }
}
