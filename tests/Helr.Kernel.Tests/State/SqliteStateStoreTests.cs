using Helr.Kernel.State;
using Xunit;

namespace Helr.Kernel.Tests.State;

public sealed class SqliteStateStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("helr-sqlite-").FullName;
    private string Db => Path.Combine(_dir, "sub", "state.db");

    [Fact]
    public async Task Round_trips_values_per_source_and_survives_reopening()
    {
        await using (var store = await SqliteStateStore.OpenAsync(Db, readOnly: false, TimeProvider.System))
        {
            await store.SetManyAsync("b", new Dictionary<string, string> { ["cursor"] = "c1", ["watermark"] = "w" });
            await store.SetManyAsync("a", new Dictionary<string, string> { ["next_url"] = "https://x/?after=1" });
            await store.SetManyAsync("b", new Dictionary<string, string> { ["cursor"] = "c2" });
        }
        await using var reopened = await SqliteStateStore.OpenAsync(Db, readOnly: true, TimeProvider.System);
        Assert.Equal(new[] { "a", "b" }, await reopened.ListSourcesAsync());
        var b = await reopened.GetAllAsync("b");
        Assert.Equal("c2", b["cursor"]);
        Assert.Equal("w", b["watermark"]);
        Assert.Empty(await reopened.GetAllAsync("missing"));
    }

    [Fact]
    public async Task Clear_removes_only_that_source()
    {
        await using var store = await SqliteStateStore.OpenAsync(Db, readOnly: false, TimeProvider.System);
        await store.SetManyAsync("a", new Dictionary<string, string> { ["k"] = "1" });
        await store.SetManyAsync("b", new Dictionary<string, string> { ["k"] = "2" });
        await store.ClearSourceAsync("a");
        Assert.Equal(new[] { "b" }, await store.ListSourcesAsync());
    }

    [Fact]
    public void Second_writer_is_refused_with_the_holders_pid()
    {
        using var first = StateFileLock.Acquire(Db);
        var ex = Assert.Throws<StateLockedException>(() => StateFileLock.Acquire(Db));
        Assert.Contains($"locked by pid {Environment.ProcessId}", ex.Message);
    }

    [Fact]
    public void Lock_is_released_on_dispose()
    {
        StateFileLock.Acquire(Db).Dispose();
        using var again = StateFileLock.Acquire(Db);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
