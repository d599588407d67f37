using Helr.Kernel.State;
using Helr.Kernel.State.Leases;
using Helr.Tests.Servers;
using Npgsql;
using Xunit.Abstractions;
using Helr.Kernel.Config;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// One Redis and one PostgreSQL server per test class, started on first use, and a fresh empty store
/// of any backend per test (Redis: flushed; Postgres: a new database, so the schema is created on
/// first use every time; SQLite: a new file).
/// </summary>
public sealed class StoreServers : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "helr-kt-" + Guid.NewGuid().ToString("N")[..10]);
    private RedisServer? _redis;
    private PostgresServer? _postgres;
    private readonly Dictionary<string, string> _failures = new();

    public static readonly TheoryData<string> Backends = new() { "memory", "sqlite", "redis", "postgres" };

    internal sealed record Opened(IStateStore Store, ILeaseStore? Leases) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Store.DisposeAsync();
    }

    /// <summary>
    /// A fresh store. When the backend's server cannot run here the test ends as skipped with the reason
    /// (so it must be a <c>[SkippableTheory]</c>); the reason is also written to the test output.
    /// </summary>
    internal async Task<Opened> OpenAsync(string backend, ITestOutputHelper output)
    {
        if (backend is "redis" or "postgres")
        {
            try
            {
                await EnsureStartedAsync(backend);
            }
            catch (SkipException ex)
            {
                output.WriteLine($"skipped: {ex.Message}");
                throw;
            }
        }
        switch (backend)
        {
            case "memory":
                return new Opened(new MemoryStateStore(), null);
            case "sqlite":
                Directory.CreateDirectory(_dir);
                return new Opened(await SqliteStateStore.OpenAsync(Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".db"), false, TimeProvider.System), null);
            case "redis":
                var redis = await RedisStateStore.OpenAsync(RedisUrl.Parse(_redis!.Url, out _));
                await redis.Db.ScriptEvaluateAsync("for _, k in ipairs(redis.call('KEYS', 'helr:*')) do redis.call('DEL', k) end return 0");
                return new Opened(redis, new RedisLeaseStore(redis));
            default:
                var postgres = new PostgresStateStore(PostgresUrl.Parse(await NewPostgresDatabaseAsync(), out _), TimeProvider.System);
                return new Opened(postgres, new PostgresLeaseStore(postgres));
        }
    }

    /// <summary>The URL of the Redis server started by <see cref="OpenAsync"/> with "redis".</summary>
    internal string RedisServerUrl => _redis!.Url;

    /// <summary>The URL of a new empty PostgreSQL database (the server started by <see cref="OpenAsync"/> with "postgres").</summary>
    internal async Task<string> NewPostgresDatabaseAsync()
    {
        var db = "t_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection($"Host=127.0.0.1;Port={_postgres!.Port};Username=postgres;Database=postgres"))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {db}", admin);
            await create.ExecuteNonQueryAsync();
        }
        return _postgres.UrlFor(db);
    }

    private async Task EnsureStartedAsync(string backend)
    {
        await _gate.WaitAsync();
        try
        {
            // A server that would not start is not tried again for every test of the class.
            if (_failures.TryGetValue(backend, out var failed)) throw new SkipException(failed);
            try
            {
                if (backend == "redis") _redis ??= await TestServices.StartOrSkipAsync(backend, RedisServer.StartAsync);
                else _postgres ??= await TestServices.StartOrSkipAsync(backend, PostgresServer.StartAsync);
            }
            catch (SkipException ex)
            {
                _failures[backend] = ex.Message;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_redis is not null) await _redis.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Nothing was created, or a file is still open: a temp folder left behind is harmless.
        }
    }
}
