using Npgsql;

namespace Helr.Kernel.State;

// The tables: created on first use (once per store) unless they already exist.
internal sealed partial class PostgresStateStore
{
    private const long SchemaLockKey = 0x48454c52; // "HELR": serialises concurrent CREATE TABLE from several instances.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS helr_state (
          source_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, updated_at BIGINT NOT NULL,
          PRIMARY KEY (source_id, key));
        CREATE TABLE IF NOT EXISTS helr_dedupe (
          source_id TEXT NOT NULL, seq BIGINT NOT NULL, event_id TEXT NOT NULL,
          PRIMARY KEY (source_id, seq));
        CREATE TABLE IF NOT EXISTS helr_lease (
          source_id TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at TIMESTAMPTZ NOT NULL);
        ALTER TABLE helr_lease ADD COLUMN IF NOT EXISTS token BIGINT NOT NULL DEFAULT 0;
        CREATE TABLE IF NOT EXISTS helr_instance (
          holder TEXT PRIMARY KEY, expires_at TIMESTAMPTZ NOT NULL);
        """;

    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    private async Task CreateSchemaAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await _schemaGate.WaitAsync(ct);
        try
        {
            if (_schemaReady) return;
            // Tables made beforehand by a DBA are used as they are: a user without CREATE works then. The token
            // column is looked up on the very helr_lease this store uses (search_path), not on any table of
            // that name: another schema's newer table must not hide that this one still needs it.
            await using (var check = new NpgsqlCommand(
                "SELECT to_regclass('helr_state') IS NOT NULL AND to_regclass('helr_dedupe') IS NOT NULL AND to_regclass('helr_lease') IS NOT NULL AND to_regclass('helr_instance') IS NOT NULL"
                + " AND EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('helr_lease') AND attname = 'token' AND NOT attisdropped)", conn))
            {
                if (await check.ExecuteScalarAsync(ct) is true)
                {
                    _schemaReady = true;
                    return;
                }
            }
            await using var tx = await conn.BeginTransactionAsync(ct);
            await Exec(conn, "SELECT pg_advisory_xact_lock($1)", ct, SchemaLockKey);
            await Exec(conn, Schema, ct);
            await tx.CommitAsync(ct);
            _schemaReady = true;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // Postgres says "permission denied for schema public" (or "must be owner of table helr_lease"), naming
            // neither the table that is missing nor why helr wanted to create it.
            await using var find = new NpgsqlCommand("""
                SELECT string_agg(t, ', ' ORDER BY n) FROM unnest(ARRAY['helr_state', 'helr_dedupe', 'helr_lease', 'helr_instance']) WITH ORDINALITY AS a(t, n)
                WHERE to_regclass(t) IS NULL
                """, conn);
            var missing = await find.ExecuteScalarAsync(ct) as string;
            var what = missing is null ? "helr's table helr_lease lacks its fencing-token column (token)" : $"helr's tables {missing} are missing";
            throw new StateStoreUnavailableException(
                $"{Description}: {what} and this user may not create them ({ex.MessageText}): create them as a user who may (docs/state.md lists them), or grant it CREATE on the schema", ex);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidSchemaName)
        {
            // Postgres says "no schema has been selected to create in", naming neither the schema nor the setting.
            var path = string.IsNullOrEmpty(_searchPath) ? "the user's default search_path" : $"search_path \"{_searchPath}\"";
            var create = await FirstSchemaAsync(conn, ct) is { } schema ? $" (CREATE SCHEMA {schema})" : "";
            throw new StateStoreUnavailableException(
                $"{Description}: {path} names no schema that exists to create helr's tables in: create it{create}, or change search_path in global.state.url", ex);
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    // The schema the tables would go into once it exists: the search_path's first entry, as the server has it
    // (set by the url, options or the role). Its "$user", the default's first entry, is the role's own schema:
    // taken as written, the hint said CREATE SCHEMA "$user", which makes a schema of that name that nothing uses.
    private static async Task<string?> FirstSchemaAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var first = new NpgsqlCommand("""
            SELECT CASE WHEN s IN ('$user', '"$user"') THEN quote_ident(current_user) ELSE s END
            FROM (SELECT btrim(split_part(current_setting('search_path'), ',', 1)) AS s) AS f WHERE s <> ''
            """, conn);
        return await first.ExecuteScalarAsync(ct) as string;
    }
}
