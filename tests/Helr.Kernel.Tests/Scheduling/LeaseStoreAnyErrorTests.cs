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

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// Only <see cref="StateStoreUnavailableException"/> was handled on the way to a lease: any other error
/// of the store or its client ended the source's loop at its first attempt X
/// RedisCommandException, which is not a RedisException: a Redis URL that reaches a read-only replica). The source was never polled again and its status never said so. Now every store error is a
/// failed attempt like an outage: logged, last_error, unhealthy after 3, and polled once the store answers.
/// </summary>
public sealed class LeaseStoreAnyErrorTests
{
    [Fact]
    public async Task A_lease_store_error_of_any_type_is_a_failed_attempt_and_the_source_is_polled_once_it_stops()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/s1", _ => FakeResponse.Json("[]"));
        using var file = new ConfigFile();
        var loaded = file.Load($"global:\n  state: {{ backend: memory }}\nsources:\n  s1:\n    url: {api.Url("/s1")}\n");
        var time = new FakeTimeProvider();
        var logs = new LogLines();
        var log = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(logs).CreateLogger();
        var store = new MemoryLeaseStore { FailAcquireWith = () => new StackExchange.Redis.RedisCommandException("Command cannot be issued to a replica: EVAL") };
        await using var leases = new SourceLeases(store, TimeSpan.FromSeconds(30), pollWhenUnreachable: false, 1, time, log);
        await leases.StartAsync();
        await using var writer = new OutputWriter(new StreamSink(new MemoryStream(), "test"), new OutputLimits(), null, time, Logger.None);
        using var runner = SourceComposition.Build(loaded.Sources[0], loaded.Config.Global, new LeaseFencedStateStore(new MemoryStateStore(), leases), writer, time, Logger.None);
        var board = new SourceStatusBoard(time);
        var scheduler = new SourceScheduler([runner], time, log, gate: new LeaseGate(leases, time), board: board);
        using var shutdown = new CancellationTokenSource();
        var run = scheduler.RunForeverAsync(shutdown.Token);
        try
        {
            // Step budgets bound the waits: without the fix the loop has ended and nothing ever changes.
            for (var i = 0; i < 300 && (board.Get("s1")?.FailuresInARow ?? 0) < 3; i++)
            {
                time.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(5);
            }
            var status = board.Get("s1")!;
            Assert.True(status.FailuresInARow >= 3, "no failed attempt recorded: " + logs.WithLevels);
            Assert.Contains("the source's lease cannot be taken", status.LastError);
            Assert.Contains("Command cannot be issued to a replica", status.LastError);
            Assert.Empty(api.Requests);

            store.FailAcquireWith = null;
            for (var i = 0; i < 300 && api.Requests.Count == 0; i++)
            {
                time.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(5);
            }
            Assert.NotEmpty(api.Requests);
        }
        finally
        {
            shutdown.Cancel();
            await run;
        }
    }
}
