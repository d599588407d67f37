using Helr.Kernel.Config;
using Helr.Kernel.Observability.Status;
using Helr.Kernel.Output;
using Helr.Kernel.Plugins;
using Helr.Kernel.Polling;
using Helr.Kernel.Scheduling;
using Helr.Kernel.State;
using Helr.Kernel.Tests.Support;
using Helr.Plugins.Generic;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// With <c>reload.restart_sources_on_sighup: true</c>, a source restarted by a reload polled at once: config
/// management sending SIGHUP every few minutes made every source poll ahead of its interval and spend the
/// vendor's API quota. A source whose config is unchanged now keeps its schedule across the restart.
/// </summary>
public sealed class RestartKeepsScheduleTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_source_restarted_by_reloads_polls_when_its_interval_is_up_not_at_each_reload()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("[]"));
        var dir = Directory.CreateTempSubdirectory("helr-reload-").FullName;
        var path = Path.Combine(dir, "helr.yaml");
        var registry = new SourceTypeRegistry(PluginCatalog.FromPlugins("test", new[] { new LoadedPlugin("generic", null) { Plugin = new GenericPlugin() } }));
        File.WriteAllText(path, $"global:\n  state:\n    backend: memory\n  reload:\n    restart_sources_on_sighup: true\nsources:\n"
            + $"  a:\n    url: {api.Url("/a")}\n    schedule:\n      interval_secs: 3600\n      jitter_secs: 0\n    resilience:\n      retries: {{ max_attempts: 1 }}\n");
        var env = new TestEnvironment();
        var (loaded, problems) = ConfigLoader.Load(path, registry, env);
        Assert.True(loaded is not null, string.Join("; ", problems.Errors));
        var time = new FakeTimeProvider();
        await using var output = new OutputWriter(new StreamSink(new MemoryStream(), "test"), new OutputLimits(), null, time, Logger.None);
        var built = new List<SourceRunner>();
        SourceRunner Build(BuiltSource source, GlobalConfig global)
        {
            var runner = SourceComposition.Build(source, global, new MemoryStateStore(), output, time, Logger.None);
            built.Add(runner);
            return runner;
        }
        var board = new SourceStatusBoard(time);
        var scheduler = new SourceScheduler([Build(loaded.Sources[0], loaded.Config.Global)], time, Logger.None, board: board);
        using var shutdown = new CancellationTokenSource();
        var run = scheduler.RunForeverAsync(shutdown.Token);
        var reloader = new ConfigReloader(ConfigSnapshot.Of(loaded.Config), loaded.Sources, registry, [], scheduler, Build, board, Logger.None,
            Helr.Kernel.Observability.Telemetry.Telemetry.Create(Logger.None, time), environment: _ => env);
        try
        {
            await api.WaitForRequestsAsync(1, Hang);
            // The cycle is over once the board has it (a bounded look: nothing signals it).
            for (var i = 0; i < 3000 && board.Get("a")?.Cycles != 1; i++) await Task.Delay(10);
            Assert.Equal(1, board.Get("a")!.Cycles);
            var firstCycle = time.GetUtcNow();

            // Two reloads 10 and 30 minutes into the hour, each restarting the unchanged source.
            foreach (var minutes in new[] { 10, 20 })
            {
                time.Advance(TimeSpan.FromMinutes(minutes));
                var result = await reloader.ReloadAsync("SIGHUP");
                Assert.True(result.Ok, string.Join("; ", result.Errors));
                Assert.Equal(["a"], result.Plan!.Changed);
            }

            // Stepped until the next request: it comes when the hour from the first cycle is up, not at a reload.
            await time.AdvanceUntilAsync(Completed(api.WaitForRequestsAsync(2, TimeSpan.FromMinutes(5))), TimeSpan.FromSeconds(10), maxSteps: 1000);
            Assert.True(time.GetUtcNow() - firstCycle >= TimeSpan.FromHours(1), $"polled again {time.GetUtcNow() - firstCycle} after the first cycle");
            Assert.Equal(3, built.Count);
        }
        finally
        {
            shutdown.Cancel();
            await run.WaitAsync(Hang);
            foreach (var runner in built) runner.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }

    // A reload whose stop reaches the source during its last page lets that page finish: the cycle ends
    // complete, nothing left to finish, yet the restarted source polled again at once, as if it had been cut short.
    [Fact]
    public async Task A_cycle_that_completes_while_a_reload_stops_it_keeps_the_schedule()
    {
        await using var api = await FakeVendorServer.StartAsync();
        using var arrived = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        var calls = 0;
        api.OnGet("/a", _ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                arrived.Release();
                release.Wait(Hang);
            }
            return FakeResponse.Json("[]");
        });
        var dir = Directory.CreateTempSubdirectory("helr-reload-").FullName;
        var path = Path.Combine(dir, "helr.yaml");
        var registry = new SourceTypeRegistry(PluginCatalog.FromPlugins("test", new[] { new LoadedPlugin("generic", null) { Plugin = new GenericPlugin() } }));
        File.WriteAllText(path, $"global:\n  state:\n    backend: memory\n  reload:\n    restart_sources_on_sighup: true\nsources:\n"
            + $"  a:\n    url: {api.Url("/a")}\n    schedule:\n      interval_secs: 3600\n      jitter_secs: 0\n    resilience:\n      retries: {{ max_attempts: 1 }}\n");
        var env = new TestEnvironment();
        var (loaded, problems) = ConfigLoader.Load(path, registry, env);
        Assert.True(loaded is not null, string.Join("; ", problems.Errors));
        var time = new FakeTimeProvider();
        await using var output = new OutputWriter(new StreamSink(new MemoryStream(), "test"), new OutputLimits(), null, time, Logger.None);
        var store = new MemoryStateStore();
        var built = new List<SourceRunner>();
        SourceRunner Build(BuiltSource source, GlobalConfig global)
        {
            var runner = SourceComposition.Build(source, global, store, output, time, Logger.None);
            built.Add(runner);
            return runner;
        }
        var board = new SourceStatusBoard(time);
        var scheduler = new SourceScheduler([Build(loaded.Sources[0], loaded.Config.Global)], time, Logger.None, board: board);
        using var shutdown = new CancellationTokenSource();
        var run = scheduler.RunForeverAsync(shutdown.Token);
        var reloader = new ConfigReloader(ConfigSnapshot.Of(loaded.Config), loaded.Sources, registry, [], scheduler, Build, board, Logger.None,
            Helr.Kernel.Observability.Telemetry.Telemetry.Create(Logger.None, time), environment: _ => env);
        try
        {
            Assert.True(await arrived.WaitAsync(Hang));
            var firstCycle = time.GetUtcNow();
            // A triggered poll waits for the running cycle and gives up once the source is being stopped:
            // that says the reload's stop has reached the loop while the page is still in flight.
            var stopped = scheduler.PollNowAsync("a");
            var reload = reloader.ReloadAsync("SIGHUP");
            await stopped.WaitAsync(Hang);
            release.Set();
            var result = await reload.WaitAsync(Hang);
            Assert.True(result.Ok, string.Join("; ", result.Errors));
            Assert.Equal(["a"], result.Plan!.Changed);
            Assert.Equal(1, board.Get("a")!.Cycles);
            Assert.Null(board.Get("a")!.LastError);

            await time.AdvanceUntilAsync(Completed(api.WaitForRequestsAsync(2, TimeSpan.FromMinutes(5))), TimeSpan.FromSeconds(10), maxSteps: 1000);
            Assert.True(time.GetUtcNow() - firstCycle >= TimeSpan.FromHours(1), $"polled again {time.GetUtcNow() - firstCycle} after the completed cycle");
        }
        finally
        {
            release.Set();
            shutdown.Cancel();
            await run.WaitAsync(Hang);
            foreach (var runner in built) runner.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<bool> Completed(Task task)
    {
        await task;
        return true;
    }
}
