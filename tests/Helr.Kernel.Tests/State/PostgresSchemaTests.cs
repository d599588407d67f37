using Helr.Kernel.Config;
using Helr.Kernel.State;
using Helr.Kernel.State.Leases;
using Npgsql;
using Xunit.Abstractions;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// Several deployments can share one database, each in its own schema (<c>search_path</c>). The schema
/// check must look at the tables this store uses: an older deployment's lease table without the fencing
/// token column must get it even when another schema's table already has one.
/// </summary>
public sealed class PostgresSchemaTests(StoreServers servers, ITestOutputHelper output) : IClassFixture<StoreServers>
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [SkippableFact]
    public async Task Tables_of_an_older_version_in_this_schema_are_upgraded_although_another_schema_has_new_ones()
    {
        await (await servers.OpenAsync("postgres", output)).DisposeAsync(); // starts the server (or skips)
        var url = await servers.NewPostgresDatabaseAsync();
        await using (var admin = new NpgsqlConnection(PostgresUrl.Parse(url, out _).ConnectionString))
        {
            await admin.OpenAsync();
            // Schema "older": what Helr created before leases carried a fencing token.
            await using var setup = new NpgsqlCommand("""
                CREATE SCHEMA newer; CREATE SCHEMA older;
                CREATE TABLE older.helr_state (source_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (source_id, key));
                CREATE TABLE older.helr_dedupe (source_id TEXT NOT NULL, seq BIGINT NOT NULL, event_id TEXT NOT NULL, PRIMARY KEY (source_id, seq));
                CREATE TABLE older.helr_lease (source_id TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at TIMESTAMPTZ NOT NULL);
                CREATE TABLE older.helr_instance (holder TEXT PRIMARY KEY, expires_at TIMESTAMPTZ NOT NULL);
                """, admin);
            await setup.ExecuteNonQueryAsync();
        }
        await using (var newer = Open(url, "newer"))
            Assert.NotNull(await new PostgresLeaseStore(newer).TryAcquireAsync("s", "A", Long, default));

        await using var older = Open(url, "older");
        var leases = new PostgresLeaseStore(older);
        // Without the token column every lease attempt fails: the deployment polls nothing.
        var token = await leases.TryAcquireAsync("s", "B", Long, default);
        Assert.NotNull(token);
        await older.CommitAsync("s", new StateCommit(new Dictionary<string, string> { ["cursor"] = "c" }, ["e1"], 10, new LeaseFence("B", token.Value)));
        Assert.Equal("c", (await older.GetAllAsync("s"))["cursor"]);
    }

    [SkippableFact]
    public async Task Values_an_older_version_stored_raw_are_read_as_they_are()
    {
        await (await servers.OpenAsync("postgres", output)).DisposeAsync();
        var url = await servers.NewPostgresDatabaseAsync();
        await using var store = new PostgresStateStore(PostgresUrl.Parse(url, out _), TimeProvider.System);
        await store.SetManyAsync("s", new Dictionary<string, string> { ["k"] = "v" }); // creates the tables
        await using (var admin = new NpgsqlConnection(PostgresUrl.Parse(url, out _).ConnectionString))
        {
            // Before NUL-safe encoding every string went in as it was, including one starting with U+0001.
            await admin.OpenAsync();
            await using var raw = new NpgsqlCommand(
                "INSERT INTO helr_state VALUES ('s', 'cursor', chr(1) || 'abc!', 0), ('s', 'next_url', chr(1) || 'b64:not base64!', 0);"
                + "INSERT INTO helr_dedupe VALUES ('s', 1, chr(1) || 'id')", admin);
            await raw.ExecuteNonQueryAsync();
        }
        var state = await store.GetAllAsync("s");
        Assert.Equal("\u0001abc!", state["cursor"]);
        Assert.Equal("\u0001b64:not base64!", state["next_url"]);
        Assert.Equal(["\u0001id"], await store.GetDedupeIdsAsync("s", 10));
    }

    // Postgres says only "3F000: no schema has been selected to create in", which names neither the schema nor
    // what to do: an operator giving a deployment its own schema (?search_path=team_a) saw that from every command.
    [SkippableFact]
    public async Task A_search_path_schema_that_does_not_exist_is_named_with_what_to_do()
    {
        await (await servers.OpenAsync("postgres", output)).DisposeAsync();
        var url = await servers.NewPostgresDatabaseAsync();
        await using var store = Open(url, "team_a");
        var ex = await Assert.ThrowsAsync<StateStoreUnavailableException>(() => store.GetAllAsync("s"));
        Assert.Contains("search_path \"team_a\" names no schema that exists", ex.Message);
        Assert.Contains("CREATE SCHEMA team_a", ex.Message);
        Assert.StartsWith(store.Description, ex.Message);
    }

    // search_path's "$user" (first in Postgres's default) stands for the role's own schema: the hint said
    // CREATE SCHEMA "$user", a schema of that very name that no search_path entry ever uses, so the error came back;
    // and with the default search_path (public dropped) it gave no schema to create at all.
    [SkippableTheory]
    [InlineData("%22$user%22,team_b", "search_path \"\"$user\",team_b\"")]
    [InlineData(null, "the user's default search_path")]
    public async Task A_search_path_starting_with_user_hints_at_the_roles_own_schema(string? searchPath, string named)
    {
        await (await servers.OpenAsync("postgres", output)).DisposeAsync();
        var url = await servers.NewPostgresDatabaseAsync();
        string role;
        await using (var admin = new NpgsqlConnection(PostgresUrl.Parse(url, out _).ConnectionString))
        {
            await admin.OpenAsync();
            await using var setup = new NpgsqlCommand("DROP SCHEMA public; SELECT current_user", admin);
            role = (string)(await setup.ExecuteScalarAsync())!;
        }
        await using var store = searchPath is null ? new PostgresStateStore(PostgresUrl.Parse(url, out _), TimeProvider.System) : Open(url, searchPath);
        var ex = await Assert.ThrowsAsync<StateStoreUnavailableException>(() => store.GetAllAsync("s"));
        Assert.Contains($"{named} names no schema that exists", ex.Message);
        Assert.Contains($"create it (CREATE SCHEMA {role}), or change search_path", ex.Message);
    }

    // A user with only SELECT, INSERT, UPDATE, DELETE (docs/state.md) where a table was not created beforehand got
    // Postgres's "42501: permission denied for schema public", which says neither which table is missing nor why.
    [SkippableFact]
    public async Task A_missing_table_the_user_may_not_create_is_named()
    {
        await (await servers.OpenAsync("postgres", output)).DisposeAsync();
        var url = await servers.NewPostgresDatabaseAsync();
        var role = "r_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(PostgresUrl.Parse(url, out _).ConnectionString))
        {
            await admin.OpenAsync();
            await using var setup = new NpgsqlCommand($"""
                CREATE ROLE {role} LOGIN; REVOKE CREATE ON SCHEMA public FROM PUBLIC;
                CREATE TABLE helr_state (source_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (source_id, key));
                CREATE TABLE helr_dedupe (source_id TEXT NOT NULL, seq BIGINT NOT NULL, event_id TEXT NOT NULL, PRIMARY KEY (source_id, seq));
                CREATE TABLE helr_lease (source_id TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at TIMESTAMPTZ NOT NULL, token BIGINT NOT NULL DEFAULT 0);
                GRANT SELECT, INSERT, UPDATE, DELETE ON helr_state, helr_dedupe, helr_lease TO {role};
                """, admin);
            await setup.ExecuteNonQueryAsync();
        }
        var settings = PostgresUrl.Parse(url, out _);
        settings.Username = role;
        await using var store = new PostgresStateStore(settings, TimeProvider.System);
        var ex = await Assert.ThrowsAsync<StateStoreUnavailableException>(() => store.GetAllAsync("s"));
        Assert.Contains("helr's tables helr_instance are missing and this user may not create them", ex.Message);
        Assert.Contains("permission denied", ex.Message);
    }

    private static PostgresStateStore Open(string url, string schema) =>
        new(PostgresUrl.Parse($"{url}?search_path={schema}", out _), TimeProvider.System);
}
