using Helr.Tests.Servers;
using Xunit;
using Xunit.Abstractions;

namespace Helr.EndToEnd.Tests.Support;

/// <summary>A test's own Redis or PostgreSQL server (so it can stop and start it); the test is skipped when none can run here.</summary>
public sealed class StoreServer : IAsyncDisposable
{
    private readonly RedisServer? _redis;
    private readonly PostgresServer? _postgres;

    private StoreServer(RedisServer? redis, PostgresServer? postgres)
    {
        _redis = redis;
        _postgres = postgres;
    }

    public string Backend => _redis is not null ? "redis" : "postgres";

    public string Url => _redis?.Url ?? _postgres!.Url;

    /// <summary>The lines under <c>state:</c> (indented four spaces).</summary>
    public string StateYaml => $"    backend: {Backend}\n    url: {Url}";

    /// <summary>Starts the server, or ends the test as skipped with the reason (also written to the test output).</summary>
    public static async Task<StoreServer> StartAsync(string backend, ITestOutputHelper output)
    {
        try
        {
            return backend == "redis"
                ? new StoreServer(await TestServices.StartOrSkipAsync(backend, RedisServer.StartAsync), null)
                : new StoreServer(null, await TestServices.StartOrSkipAsync(backend, PostgresServer.StartAsync));
        }
        catch (SkipException ex)
        {
            output.WriteLine($"skipped: {ex.Message}");
            throw;
        }
    }

    public Task StopAsync() => _redis?.StopAsync() ?? _postgres!.StopAsync();

    public Task StartAgainAsync() => _redis?.RestartAsync() ?? _postgres!.RestartAsync();

    public ValueTask DisposeAsync() => _redis?.DisposeAsync() ?? _postgres!.DisposeAsync();
}
