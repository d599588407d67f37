using Helr.Kernel.Observability.Status;
using Helr.Kernel.Output;
using Helr.Kernel.Polling;
using Helr.Kernel.Scheduling;
using Helr.Kernel.State;
using Helr.Kernel.State.Leases;
using Helr.Kernel.Tests.State;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Testing;
using Serilog;
using Serilog.Core;
using Xunit;
using Xunit.Abstractions;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A source whose lease the store keeps refusing with an error (here Redis answering WRONGTYPE for its
/// lease key, while the store otherwise works) waited for it for ever without a word: no log above
/// Debug, and /healthz kept its old status. Each refused attempt now counts as a failed cycle that
/// names the lease: a warning is logged and the source turns unhealthy.
/// </summary>
public sealed class LeaseRefusedStatusTests(StoreServers servers, ITestOutputHelper output) : IClassFixture<StoreServers>
{
    [SkippableFact]
    public async Task A_source_whose_lease_the_store_refuses_is_logged_and_unhealthy()
    {
        await using var opened = await servers.OpenAsync("redis", output);
        var redis = (RedisStateStore)opened.Store;
        // Not a string: the lease script's GET fails with WRONGTYPE, for this source only.
        await redis.Db.HashSetAsync(RedisStateStore.LeasePrefix + "s1", "x", "y");
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/s1", _ => FakeResponse.Json("[]"));
        using var file = new ConfigFile();
        var loaded = file.Load($"global:\n  state: {{ backend: memory }}\nsources:\n  s1:\n    url: {api.Url("/s1")}\n");
        var time = new FakeTimeProvider();
        var logs = new LogLines();
        var log = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(logs).CreateLogger();
        await using var leases = new SourceLeases(opened.Leases!, TimeSpan.FromSeconds(30), pollWhenUnreachable: false, 1, time, log);
        await leases.StartAsync();
        await using var writer = new OutputWriter(new StreamSink(new MemoryStream(), "test"), new OutputLimits(), null, time, Logger.None);
        using var runner = SourceComposition.Build(loaded.Sources[0], loaded.Config.Global, new LeaseFencedStateStore(new MemoryStateStore(), leases), writer, time, Logger.None);
        var board = new SourceStatusBoard(time);
        var scheduler = new SourceScheduler([runner], time, log, gate: new LeaseGate(leases, time), board: board);
        using var shutdown = new CancellationTokenSource();
        var run = scheduler.RunForeverAsync(shutdown.Token);
        try
        {
            // The step budget bounds the wait: without the report the source's row never changes.
            for (var i = 0; i < 300 && (board.Get("s1")?.FailuresInARow ?? 0) < 3; i++)
            {
                time.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(5);
            }

            var status = board.Get("s1")!;
            Assert.True(status.FailuresInARow >= 3, "no failed attempt recorded: " + logs.WithLevels);
            Assert.Contains("lease", status.LastError);
            Assert.Contains("WRONGTYPE", status.LastError);
            Assert.Empty(api.Requests);
            Assert.Contains("Error: poll failed: \"s1\": \"the source's lease cannot be taken", logs.WithLevels);
        }
        finally
        {
            shutdown.Cancel();
            await run;
        }
    }
}
