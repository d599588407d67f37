using Helr.Kernel.State;
using Microsoft.Data.Sqlite;
using Xunit;
using Xunit.Abstractions;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// <c>helr state import</c> when the store refuses a write after the file was found valid: the import
/// applies whole or not at all, so no mix of imported and old state is left behind.
/// </summary>
public sealed class StateImportAtomicityTests(StoreServers servers, ITestOutputHelper output) : IClassFixture<StoreServers>
{
    public static readonly TheoryData<string> Transactional = new() { "sqlite", "redis", "postgres" };

    private const string Import = """
        {"a": {"cursor": "a-new", "helr:dedupe_ids": "[\"a1\"]"}, "b": {"cursor": "b-new"}}
        """;

    [SkippableTheory]
    [MemberData(nameof(Transactional))]
    public async Task A_store_error_on_a_later_source_leaves_the_earlier_ones_as_they_were(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        var store = opened.Store;
        await store.SetManyAsync("a", new Dictionary<string, string> { ["cursor"] = "a-old" });
        await RefuseWritesOfSourceB(store);

        await Assert.ThrowsAnyAsync<Exception>(() => StateExport.ImportAsync(store, Import));

        Assert.Equal(new Dictionary<string, string> { ["cursor"] = "a-old" }, await store.GetAllAsync("a"));
        Assert.Empty(await store.GetDedupeIdsAsync("a", 100));
    }

    // A real refusal by the server, in the middle of the import (sources are written in file order).
    private static async Task RefuseWritesOfSourceB(IStateStore store)
    {
        switch (store)
        {
            case SqliteStateStore sqlite:
                await using (var connection = new SqliteConnection($"Data Source={sqlite.Path}"))
                {
                    await connection.OpenAsync();
                    await using var trigger = connection.CreateCommand();
                    trigger.CommandText = """
                        CREATE TRIGGER refuse_b BEFORE INSERT ON helr_state WHEN NEW.source_id = 'b'
                        BEGIN SELECT RAISE(ABORT, 'refused'); END
                        """;
                    await trigger.ExecuteNonQueryAsync();
                }
                break;
            case PostgresStateStore postgres:
                await postgres.Run(async conn =>
                {
                    await PostgresStateStore.Exec(conn, """
                        CREATE FUNCTION refuse_b() RETURNS trigger AS $$
                        BEGIN IF NEW.source_id = 'b' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql
                        """, default);
                    return await PostgresStateStore.Exec(conn,
                        "CREATE TRIGGER refuse_b BEFORE INSERT ON helr_state FOR EACH ROW EXECUTE FUNCTION refuse_b()", default);
                }, default);
                break;
            case RedisStateStore redis:
                // Source b's hash key holds a string: HSET answers WRONGTYPE.
                await redis.Db.StringSetAsync(RedisStateStore.StatePrefix + "b", "not a hash");
                break;
        }
    }
}
