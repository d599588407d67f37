using Helr.Kernel.Config;
using Helr.Kernel.Observability.Status;
using Helr.Kernel.Output;
using Helr.Kernel.Plugins;
using Helr.Kernel.Polling;
using Helr.Kernel.Scheduling;
using Helr.Kernel.State;
using Helr.Kernel.Tests.Support;
using Serilog;
using Serilog.Core;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A reload restarting (or removing) a source whose plugin blocks, deaf to its cancellation, waited for
/// that cycle for ever: the reload never answered, every later reload queued behind it, and SIGTERM never
/// ended helr (the shutdown waits for the reload under way). The reload now gives up on such a source
/// <see cref="SourceScheduler.StopGrace"/> after cancelling it, names it, and goes on.
/// </summary>
public sealed class ReloadStuckSourceTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_reload_restarting_a_stuck_source_ends_and_so_does_the_shutdown_after_it()
    {
        var dir = Directory.CreateTempSubdirectory("helr-stuck-reload-").FullName;
        var path = Path.Combine(dir, "helr.yaml");
        const string Yaml = "global:\n  state:\n    backend: memory\nsources:\n  s1:\n    type: stuck\n    schedule:\n      interval_secs: 3600\n";
        File.WriteAllText(path, Yaml);
        var plugin = new StuckPlugin();
        var registry = new SourceTypeRegistry(PluginCatalog.FromPlugins("test", new[] { new LoadedPlugin("stuck", null) { Plugin = plugin } }));
        var env = new TestEnvironment();
        var (loaded, problems) = ConfigLoader.Load(path, registry, env);
        Assert.True(loaded is not null, string.Join("; ", problems.Errors));
        var time = new FakeTimeProvider();
        var logs = new LogLines();
        var log = new LoggerConfiguration().WriteTo.Sink(logs).CreateLogger();
        await using var output = new OutputWriter(new StreamSink(new MemoryStream(), "test"), new OutputLimits(), null, time, Logger.None);
        var built = new List<SourceRunner>();
        SourceRunner Build(BuiltSource source, GlobalConfig global)
        {
            var runner = SourceComposition.Build(source, global, new MemoryStateStore(), output, time, log);
            lock (built) built.Add(runner);
            return runner;
        }
        var board = new SourceStatusBoard(time);
        var scheduler = new SourceScheduler([Build(loaded.Sources[0], loaded.Config.Global)], time, log, board: board);
        var reloader = new ConfigReloader(ConfigSnapshot.Of(loaded.Config), loaded.Sources, registry, [], scheduler, Build, board, log,
            Helr.Kernel.Observability.Telemetry.Telemetry.Create(log, time), environment: _ => env);
        using var shutdown = new CancellationTokenSource();
        var run = scheduler.RunForeverAsync(shutdown.Token);
        try
        {
            await plugin.Entered.Task.WaitAsync(Hang);
            File.WriteAllText(path, Yaml.Replace("sources:", "  reload:\n    restart_sources_on_sighup: true\nsources:"));

            var reload = Task.Run(() => reloader.ReloadAsync("SIGHUP"));
            // The step budget bounds the wait: without the bound the reload waits for the plugin for ever.
            var result = await time.AdvanceUntilAsync(reload, TimeSpan.FromSeconds(1), maxSteps: 200);

            Assert.True(result.Ok, string.Join("; ", result.Errors));
            Assert.Contains("reload: source \"s1\" (type \"stuck\") did not stop within", logs.Text);
            Assert.Equal(2, built.Count);
            Assert.Same(built[1], scheduler.Running.Single());

            shutdown.Cancel();
            await time.AdvanceUntilAsync(run, TimeSpan.FromSeconds(1), maxSteps: 200);
            await reloader.CloseAsync().WaitAsync(Hang);
        }
        finally
        {
            plugin.Release.Set();
            shutdown.Cancel();
            await run.WaitAsync(Hang);
            foreach (var runner in built) runner.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }
}
