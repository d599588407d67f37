using Npgsql;

namespace Helr.Kernel.State.Leases;

/// <summary>
/// Leases as rows of <c>helr_lease(source_id, holder, expires_at, token)</c>: one upsert takes a free or
/// expired row, or extends the holder's own, with Postgres's clock deciding expiry. A new holder gets
/// the next fencing token; rows are never deleted (a release only expires the row), so tokens only grow.
/// </summary>
internal sealed class PostgresLeaseStore(PostgresStateStore store) : ILeaseStore
{
    public Task<long?> TryAcquireAsync(string sourceId, string holder, TimeSpan ttl, CancellationToken ct) => store.Run(async conn =>
    {
        // An extension of a live lease keeps its token; anything else (a free, expired or released row) is a new holding.
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO helr_lease (source_id, holder, expires_at, token)
            VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond', 1)
            ON CONFLICT (source_id) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at,
              token = CASE WHEN helr_lease.holder = EXCLUDED.holder AND helr_lease.expires_at >= clock_timestamp() AND helr_lease.token > 0
                           THEN helr_lease.token ELSE helr_lease.token + 1 END
              WHERE helr_lease.holder = EXCLUDED.holder OR helr_lease.expires_at < clock_timestamp()
            RETURNING token
            """, conn)
        { Parameters = { new() { Value = sourceId }, new() { Value = holder }, new() { Value = (long)ttl.TotalMilliseconds } } };
        return await cmd.ExecuteScalarAsync(ct) is long token ? token : (long?)null;
    }, ct);

    public Task<string?> GetHolderAsync(string sourceId, CancellationToken ct) => store.Run(async conn =>
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT holder FROM helr_lease WHERE source_id = $1 AND expires_at > clock_timestamp()", conn) { Parameters = { new() { Value = sourceId } } };
        return await cmd.ExecuteScalarAsync(ct) as string;
    }, ct);

    public Task<long?> TakeOverAsync(string sourceId, string expected, string holder, TimeSpan ttl, CancellationToken ct) => store.Run(async conn =>
    {
        await using var cmd = new NpgsqlCommand("""
            UPDATE helr_lease SET holder = $3, expires_at = clock_timestamp() + $4 * interval '1 millisecond', token = token + 1
            WHERE source_id = $1 AND holder = $2
            RETURNING token
            """, conn)
        { Parameters = { new() { Value = sourceId }, new() { Value = expected }, new() { Value = holder }, new() { Value = (long)ttl.TotalMilliseconds } } };
        return await cmd.ExecuteScalarAsync(ct) is long token ? token : (long?)null;
    }, ct);

    public Task<int> HeartbeatAsync(string holder, TimeSpan ttl, CancellationToken ct) => store.Run(async conn =>
    {
        await PostgresStateStore.Exec(conn, """
            INSERT INTO helr_instance (holder, expires_at) VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')
            ON CONFLICT (holder) DO UPDATE SET expires_at = EXCLUDED.expires_at
            """, ct, holder, (long)ttl.TotalMilliseconds);
        await PostgresStateStore.Exec(conn, "DELETE FROM helr_instance WHERE expires_at < clock_timestamp()", ct);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM helr_instance", conn);
        return (int)(long)(await count.ExecuteScalarAsync(ct))!;
    }, ct);

    public Task ReleaseAsync(string sourceId, string holder, CancellationToken ct) =>
        store.Run(conn => PostgresStateStore.Exec(conn,
            "UPDATE helr_lease SET expires_at = '-infinity' WHERE source_id = $1 AND holder = $2 AND expires_at > clock_timestamp()", ct, sourceId, holder), ct);

    public Task LeaveAsync(string holder, CancellationToken ct) =>
        store.Run(conn => PostgresStateStore.Exec(conn, "DELETE FROM helr_instance WHERE holder = $1", ct, holder), ct);

    public Task<IReadOnlyList<string>> InstancesAsync(CancellationToken ct) => store.Run(async conn =>
    {
        await using var cmd = new NpgsqlCommand("SELECT holder FROM helr_instance", conn);
        var live = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) live.Add(reader.GetString(0));
        return (IReadOnlyList<string>)live;
    }, ct);
}
