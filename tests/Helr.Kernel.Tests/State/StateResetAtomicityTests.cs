using Helr.Kernel.State;
using Microsoft.Data.Sqlite;
using Xunit;
using Xunit.Abstractions;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// <c>helr state reset</c> when the store refuses to delete the dedupe window (a trigger, a missing
/// grant): the keys were deleted in a statement of their own, so the source restarted from scratch with
/// its old dedupe window, and the events in it were dropped as duplicates. The reset applies whole or
/// not at all.
/// </summary>
public sealed class StateResetAtomicityTests(StoreServers servers, ITestOutputHelper output) : IClassFixture<StoreServers>
{
    public static readonly TheoryData<string> WithSql = new() { "sqlite", "postgres" };

    [SkippableTheory]
    [MemberData(nameof(WithSql))]
    public async Task A_store_error_on_the_dedupe_window_leaves_the_keys_as_they_were(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        var store = opened.Store;
        await store.CommitAsync("a", new StateCommit(new Dictionary<string, string> { ["cursor"] = "c1" }, ["e1"], 100));
        await RefuseDedupeDeletes(store);

        await Assert.ThrowsAnyAsync<Exception>(() => store.ClearSourceAsync("a"));

        Assert.Equal(new Dictionary<string, string> { ["cursor"] = "c1" }, await store.GetAllAsync("a"));
        Assert.Equal(["e1"], await store.GetDedupeIdsAsync("a", 100));
    }

    // A real refusal by the server, on the reset's second table.
    private static async Task RefuseDedupeDeletes(IStateStore store)
    {
        switch (store)
        {
            case SqliteStateStore sqlite:
                await using (var connection = new SqliteConnection($"Data Source={sqlite.Path}"))
                {
                    await connection.OpenAsync();
                    await using var trigger = connection.CreateCommand();
                    trigger.CommandText = "CREATE TRIGGER refuse BEFORE DELETE ON helr_dedupe BEGIN SELECT RAISE(ABORT, 'refused'); END";
                    await trigger.ExecuteNonQueryAsync();
                }
                break;
            case PostgresStateStore postgres:
                await postgres.Run(async conn =>
                {
                    await PostgresStateStore.Exec(conn, """
                        CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql
                        """, default);
                    return await PostgresStateStore.Exec(conn,
                        "CREATE TRIGGER refuse BEFORE DELETE ON helr_dedupe FOR EACH ROW EXECUTE FUNCTION refuse()", default);
                }, default);
                break;
        }
    }
}
