using Helr.Tests.Servers;
using Xunit.Abstractions;

namespace Helr.EndToEnd.Tests.Support;

/// <summary>A test's own Redis or PostgreSQL server (so it can stop and start it), or null when none can run here.</summary>
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

    public static async Task<StoreServer?> StartAsync(string backend, ITestOutputHelper output)
    {
        var reason = TestServices.MissingReason(backend);
        try
        {
            if (reason is null)
                return backend == "redis" ? new StoreServer(await RedisServer.StartAsync(), null) : new StoreServer(null, await PostgresServer.StartAsync());
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            reason = $"skipped: cannot start a {backend} server here: {ex.Message}";
        }
        output.WriteLine(reason);
        return null;
    }

    public Task StopAsync() => _redis?.StopAsync() ?? _postgres!.StopAsync();

    public Task StartAgainAsync() => _redis?.RestartAsync() ?? _postgres!.RestartAsync();

    public ValueTask DisposeAsync() => _redis?.DisposeAsync() ?? _postgres!.DisposeAsync();
}
