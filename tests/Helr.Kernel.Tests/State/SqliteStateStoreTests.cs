using Helr.Kernel.Config;
using Helr.Kernel.State;
using Helr.Tests.Servers;
using Serilog.Core;
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
    public void A_second_writer_through_a_symbolic_link_to_the_same_file_is_refused()
    {
        // SQLite follows the link and writes the file it points to: with a lock file beside each name, two
        // helr runs (one configured with the link, one with the file) both wrote it and polled every source.
        var real = Path.Combine(_dir, "data", "state.db");
        Directory.CreateDirectory(Path.GetDirectoryName(real)!);
        Directory.CreateDirectory(Path.GetDirectoryName(Db)!);
        File.CreateSymbolicLink(Db, real);
        using var first = StateFileLock.Acquire(real);
        var ex = Assert.Throws<StateLockedException>(() => StateFileLock.Acquire(Db));
        Assert.Contains($"locked by pid {Environment.ProcessId}", ex.Message);
    }

    [Fact]
    public void Lock_is_released_on_dispose()
    {
        StateFileLock.Acquire(Db).Dispose();
        using var again = StateFileLock.Acquire(Db);
    }

    [Fact]
    public async Task A_lock_file_that_cannot_be_made_is_not_another_helr_and_the_memory_fallback_takes_over()
    {
        // As on a read-only file system: the lock file cannot be created. That was reported as "locked by
        // pid unknown (another helr is running with it…)", and it was not an unusable file for the fallback either.
        Directory.CreateDirectory(Path.GetDirectoryName(Db)!);
        File.CreateSymbolicLink(Db + ".lock", Path.Combine(_dir, "missing", "state.db.lock"));
        var ex = Assert.ThrowsAny<IOException>(() => StateFileLock.Acquire(Db));
        Assert.DoesNotContain("locked", ex.Message);
        Assert.Contains($"global.state.path \"{Db}\"", ex.Message);

        var global = new GlobalConfig
        {
            State = new StateConfig { Backend = "sqlite", Path = Db },
            Degradation = new DegradationConfig { FallbackToMemory = true },
        };
        await using var state = await StateRuntime.OpenAsync(global, testMode: false, sources: 1, TimeProvider.System, Logger.None);
        Assert.True(state.FallbackActive);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_file_sqlite_cannot_open_is_named_with_its_key(bool notADatabase)
    {
        // SQLite says only "unable to open database file" or "file is not a database", without the file.
        Directory.CreateDirectory(Db);
        if (notADatabase)
        {
            Directory.Delete(Db);
            await File.WriteAllTextAsync(Db, "not sqlite, but a file big enough to be read as one: " + new string('x', 200));
        }
        var ex = await Assert.ThrowsAnyAsync<IOException>(() => SqliteStateStore.OpenAsync(Db, readOnly: false, TimeProvider.System));
        Assert.Contains($"cannot use global.state.path \"{Db}\": SQLite Error", ex.Message);
    }

    [Fact]
    public async Task A_folder_at_the_path_is_an_error_for_reading_commands_too_not_an_empty_store()
    {
        // `helr state show` printed "(no state)" (and `helr test` started from nothing) where `run` refuses the path.
        Directory.CreateDirectory(Db);
        var config = new StateConfig { Backend = "sqlite", Path = Db };
        var ex = await Assert.ThrowsAnyAsync<IOException>(() => StateStoreFactory.OpenAsync(config, exclusive: false, readOnly: true, TimeProvider.System));
        Assert.Contains($"cannot use global.state.path \"{Db}\"", ex.Message);
    }

    // The file holds a refresh token the server rotated (helr:secret:*): SQLite made it, and its -wal and
    // -shm beside it, readable by every local user under the usual umask 022.
    [Fact]
    public async Task A_state_file_helr_creates_is_readable_by_its_owner_only_and_its_wal_and_shm_too()
    {
        if (OperatingSystem.IsWindows()) return;
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var store = await SqliteStateStore.OpenAsync(Db, readOnly: false, TimeProvider.System);
        await store.SetManyAsync("s", new Dictionary<string, string> { ["helr:secret:oauth2_refresh_token"] = "fp.rotated-token" });

        foreach (var file in new[] { Db, Db + "-wal", Db + "-shm" })
            Assert.True(File.GetUnixFileMode(file) == OwnerOnly, $"{Path.GetFileName(file)}: {File.GetUnixFileMode(file)}");
    }

    [Fact]
    public async Task A_state_file_that_exists_keeps_its_mode()
    {
        if (OperatingSystem.IsWindows()) return;
        const UnixFileMode Shared = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        Directory.CreateDirectory(Path.GetDirectoryName(Db)!);
        File.WriteAllBytes(Db, []);
        File.SetUnixFileMode(Db, Shared);
        await using var store = await SqliteStateStore.OpenAsync(Db, readOnly: false, TimeProvider.System);
        await store.SetManyAsync("s", new Dictionary<string, string> { ["cursor"] = "c1" });

        Assert.Equal(Shared, File.GetUnixFileMode(Db));
    }

    // SQLite opens a file it may not write read-only without a word: run started, and every checkpoint failed
    // with "attempt to write a readonly database", naming no file, so no position was ever stored.
    [SkippableFact]
    public async Task A_state_file_this_process_may_not_write_is_refused_at_opening_naming_it()
    {
        if (OperatingSystem.IsWindows()) return;
        await using (var store = await SqliteStateStore.OpenAsync(Db, readOnly: false, TimeProvider.System))
            await store.SetManyAsync("s", new Dictionary<string, string> { ["cursor"] = "c1" });
        File.SetUnixFileMode(Db, UnixFileMode.UserRead);
        // Root writes any file whatever its mode; an immutable one it may not.
        if (TestServices.IsRoot) await ImmutableAsync(true);
        try
        {
            var ex = await Assert.ThrowsAnyAsync<IOException>(() => SqliteStateStore.OpenAsync(Db, readOnly: false, TimeProvider.System));
            Assert.Contains($"cannot use global.state.path \"{Db}\": the file is read-only", ex.Message);

            var global = new GlobalConfig
            {
                State = new StateConfig { Backend = "sqlite", Path = Db },
                Degradation = new DegradationConfig { FallbackToMemory = true },
            };
            await using (var state = await StateRuntime.OpenAsync(global, testMode: false, sources: 1, TimeProvider.System, Logger.None))
                Assert.True(state.FallbackActive);
            // Reading it (state show, export) still works.
            await using var reader = await SqliteStateStore.OpenAsync(Db, readOnly: true, TimeProvider.System);
            Assert.Equal("c1", (await reader.GetAllAsync("s"))["cursor"]);
        }
        finally
        {
            if (TestServices.IsRoot) await ImmutableAsync(false);
        }
    }

    // A reader of a file in WAL mode creates its -shm and -wal when they are missing (helr stopped): in a folder
    // it may not write, state show, export and helr test failed at their first read with SQLite's "unable to
    // open database file" (or "attempt to write a readonly database"), naming no file.
    [SkippableFact]
    public async Task A_state_file_in_a_folder_the_reader_may_not_write_is_an_error_naming_it()
    {
        if (OperatingSystem.IsWindows()) return;
        await using (var store = await SqliteStateStore.OpenAsync(Db, readOnly: false, TimeProvider.System))
            await store.SetManyAsync("s", new Dictionary<string, string> { ["cursor"] = "c1" });
        var folder = Path.GetDirectoryName(Db)!;
        Assert.False(File.Exists(Db + "-shm"));
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        if (TestServices.IsRoot) await ImmutableAsync(folder, true);
        try
        {
            var config = new StateConfig { Backend = "sqlite", Path = Db };
            var ex = await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await using var opened = await StateStoreFactory.OpenAsync(config, exclusive: false, readOnly: true, TimeProvider.System);
                await opened.Store.GetAllAsync("s");
            });
            Assert.IsAssignableFrom<IOException>(ex);
            Assert.Contains($"cannot use global.state.path \"{Db}\": SQLite Error", ex.Message);
            Assert.Contains("its folder must be writable", ex.Message);
        }
        finally
        {
            if (TestServices.IsRoot) await ImmutableAsync(folder, false);
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private Task ImmutableAsync(bool on) => ImmutableAsync(Db, on);

    private static async Task ImmutableAsync(string path, bool on)
    {
        try
        {
            await TestServices.RunAsync("chattr", [on ? "+i" : "-i", path]);
        }
        catch (Exception ex) when (on && ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            throw new SkipException($"cannot make {path} read-only for root: {ex.Message}");
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
