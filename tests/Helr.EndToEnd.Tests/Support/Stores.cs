using Helr.Tests.Servers;
using Xunit;
using Xunit.Abstractions;

namespace Helr.EndToEnd.Tests.Support;

/// <summary>
/// One Redis and one PostgreSQL server per test class (started on first use) and a fresh, empty store
/// of any backend per test, as the <c>global.state</c> YAML that points at it.
/// </summary>
public sealed class Stores : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, string> _failures = new();
    private RedisServer? _redis;
    private PostgresServer? _postgres;
    private int _redisDb;

    /// <summary>
    /// The lines under <c>state:</c> (indented four spaces) for a fresh store. When the backend's server
    /// cannot run here the test ends as skipped with the reason (so it must be a <c>[SkippableFact]</c> or
    /// <c>[SkippableTheory]</c>); the reason is also written to the test output.
    /// </summary>
    public async Task<string> StateYamlAsync(string backend, TempDir dir, ITestOutputHelper output)
    {
        try
        {
            return backend switch
            {
                "memory" => "    backend: memory",
                "sqlite" => $"    backend: sqlite\n    path: {dir.File("state.db")}",
                "redis" => $"    backend: redis\n    url: redis://127.0.0.1:{(await RedisAsync()).Port}/{NextRedisDb()}",
                _ => $"    backend: postgres\n    url: {await NewDatabaseAsync()}",
            };
        }
        catch (SkipException ex)
        {
            output.WriteLine($"skipped: {ex.Message}");
            throw;
        }
    }

    // Sixteen databases per server: tests of one class each get their own.
    private int NextRedisDb() => Interlocked.Increment(ref _redisDb) % 16;

    private async Task<RedisServer> RedisAsync()
    {
        await _gate.WaitAsync();
        try
        {
            // A server that would not start is not tried again for every test of the class.
            if (_failures.TryGetValue("redis", out var failed)) throw new SkipException(failed);
            try
            {
                return _redis ??= await TestServices.StartOrSkipAsync("redis", RedisServer.StartAsync);
            }
            catch (SkipException ex)
            {
                _failures["redis"] = ex.Message;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string> NewDatabaseAsync()
    {
        await _gate.WaitAsync();
        try
        {
            // A server that would not start is not tried again for every test of the class.
            if (_failures.TryGetValue("postgres", out var failed)) throw new SkipException(failed);
            try
            {
                _postgres ??= await TestServices.StartOrSkipAsync("postgres", PostgresServer.StartAsync);
            }
            catch (SkipException ex)
            {
                _failures["postgres"] = ex.Message;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
        var name = "helr_" + Guid.NewGuid().ToString("N")[..10];
        await _postgres.CreateDatabaseAsync(name);
        return _postgres.UrlFor(name);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_redis is not null) await _redis.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }
}
