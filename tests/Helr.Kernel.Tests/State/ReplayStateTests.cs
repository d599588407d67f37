using Helr.Kernel.State;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk;
using Helr.Tests.Servers;
using Serilog.Core;
using StackExchange.Redis;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// <c>run --replay-dir</c> reads the configured store but writes nothing to it: not a position, not a
/// lease, and not a rotated credential either (unlike <c>helr test</c>): a replay's token answers are
/// recorded ones, redacted, and storing their refresh token would replace the live instance's.
/// </summary>
public sealed class ReplayStateTests : IDisposable
{
    private const string Key = CredentialState.KeyPrefix + "oauth2_refresh_token";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "helr-rps-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task A_replay_keeps_a_rotated_credential_and_positions_in_memory()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "state.db");
        await using (var run = await SqliteStateStore.OpenAsync(path, readOnly: false, TimeProvider.System))
            await run.SetManyAsync("s", new Dictionary<string, string> { ["cursor"] = "c1", [Key] = "fp.r0" });
        var (global, errors, _) = GlobalYaml.Load($"""
              state:
                backend: sqlite
                path: {path}
            """);
        Assert.Empty(errors);

        await using (var replay = await StateRuntime.OpenAsync(global, testMode: false, sources: 1, TimeProvider.System, Logger.None, once: true, replay: true))
        {
            Assert.Equal("c1", (await replay.Store.GetAllAsync("s"))["cursor"]);
            await replay.Store.SetManyAsync("s", new Dictionary<string, string> { ["cursor"] = "c2" });
            await new CredentialState(replay.Store, "s").SetAsync("oauth2_refresh_token", new Secret("[REDACTED]"), default);
            Assert.Equal("c2", (await replay.Store.GetAllAsync("s"))["cursor"]);
        }

        await using var after = await SqliteStateStore.OpenAsync(path, readOnly: true, TimeProvider.System);
        var stored = await after.GetAllAsync("s");
        Assert.Equal("c1", stored["cursor"]);
        Assert.Equal("fp.r0", stored[Key]);
    }

    [SkippableFact]
    public async Task A_replay_takes_no_lease_of_a_shared_store()
    {
        await using var server = await TestServices.StartOrSkipAsync("redis", RedisServer.StartAsync);
        var (global, errors, _) = GlobalYaml.Load($"""
              state:
                backend: redis
                url: {server.Url}
            """);
        Assert.Empty(errors);

        await using var replay = await StateRuntime.OpenAsync(global, testMode: false, sources: 1, TimeProvider.System, Logger.None, once: true, replay: true);
        await replay.Store.SetManyAsync("s", new Dictionary<string, string> { ["cursor"] = "c2" });

        Assert.Null(replay.Gate);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.Url.Replace("redis://", "").TrimEnd('/'));
        Assert.Empty(redis.GetServers()[0].Keys(pattern: "*"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // The Redis test makes no folder.
        }
    }
}
