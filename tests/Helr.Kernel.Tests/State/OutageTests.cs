using Helr.Kernel.State;
using Helr.Tests.Servers;
using Serilog;
using Xunit.Abstractions;
using Helr.Kernel.Config;

namespace Helr.Kernel.Tests.State;

/// <summary>Each test runs its own server so it can stop and start it.</summary>
public sealed class OutageTests(ITestOutputHelper output)
{
    public static readonly TheoryData<string> Shared = new() { "redis", "postgres" };

    [SkippableTheory]
    [MemberData(nameof(Shared))]
    public async Task A_stopped_server_fails_fast_with_one_exception_type_and_the_store_reconnects(string backend)
    {
        await using var server = await StartAsync(backend);
        await using var store = await OpenAsync(backend, server.Url);
        await store.SetManyAsync("s", new Dictionary<string, string> { ["cursor"] = "c1" });

        await server.StopAsync();
        var error = await Assert.ThrowsAsync<StateStoreUnavailableException>(() => store.GetAllAsync("s"));
        Assert.DoesNotContain("password", error.Message, StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAsync<StateStoreUnavailableException>(() => store.SetManyAsync("s", new Dictionary<string, string> { ["cursor"] = "c2" }));

        await server.StartAgainAsync();
        var state = await RetryAsync(() => store.GetAllAsync("s"));
        Assert.Equal("c1", state["cursor"]);
    }

    [SkippableTheory]
    [MemberData(nameof(Shared))]
    public async Task The_memory_fallback_keeps_checkpoints_during_an_outage_and_writes_them_back(string backend)
    {
        await using var server = await StartAsync(backend);
        await using var primary = await OpenAsync(backend, server.Url);
        var fallback = new FallbackStateStore(primary, new LoggerConfiguration().CreateLogger());
        await fallback.CommitAsync("s", new StateCommit(new Dictionary<string, string> { ["cursor"] = "c1" }, new[] { "e1" }, 100));
        Assert.False(fallback.Active);

        await server.StopAsync();
        await fallback.CommitAsync("s", new StateCommit(new Dictionary<string, string> { ["cursor"] = "c2" }, new[] { "e2" }, 100));
        Assert.True(fallback.Active);
        Assert.Equal("c2", (await fallback.GetAllAsync("s"))["cursor"]);
        Assert.Equal(new[] { "e1", "e2" }, await fallback.GetDedupeIdsAsync("s", 100));

        await server.StartAgainAsync();
        // The fallback answers from memory until the client has reconnected; then it writes back.
        var state = await RetryAsync(async () =>
        {
            var values = await fallback.GetAllAsync("s");
            return fallback.Active ? throw new StateStoreUnavailableException("still in fallback") : values;
        });
        Assert.Equal("c2", state["cursor"]);
        Assert.Equal("c2", (await primary.GetAllAsync("s"))["cursor"]);
        Assert.Equal(new[] { "e1", "e2" }, await primary.GetDedupeIdsAsync("s", 100));
    }

    // The first operations after a restart may still meet a connection the server cut; the client
    // replaces it, so a few attempts within a bound must succeed.
    private static async Task<T> RetryAsync<T>(Func<Task<T>> operation)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                return await operation();
            }
            catch (StateStoreUnavailableException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    private async Task<ServerHandle> StartAsync(string backend)
    {
        try
        {
            return backend == "redis"
                ? new ServerHandle(await TestServices.StartOrSkipAsync(backend, RedisServer.StartAsync))
                : new ServerHandle(await TestServices.StartOrSkipAsync(backend, PostgresServer.StartAsync));
        }
        catch (SkipException ex)
        {
            output.WriteLine($"skipped: {ex.Message}");
            throw;
        }
    }

    private static async Task<IStateStore> OpenAsync(string backend, string url) => backend == "redis"
        ? await RedisStateStore.OpenAsync(RedisUrl.Parse(url, out _))
        : new PostgresStateStore(PostgresUrl.Parse(url, out _), TimeProvider.System);

    private sealed class ServerHandle : IAsyncDisposable
    {
        private readonly RedisServer? _redis;
        private readonly PostgresServer? _postgres;

        public ServerHandle(RedisServer redis) => _redis = redis;

        public ServerHandle(PostgresServer postgres) => _postgres = postgres;

        public string Url => _redis?.Url ?? _postgres!.Url;

        public Task StopAsync() => _redis?.StopAsync() ?? _postgres!.StopAsync();

        public Task StartAgainAsync() => _redis?.RestartAsync() ?? _postgres!.RestartAsync();

        public ValueTask DisposeAsync() => _redis?.DisposeAsync() ?? _postgres!.DisposeAsync();
    }
}
