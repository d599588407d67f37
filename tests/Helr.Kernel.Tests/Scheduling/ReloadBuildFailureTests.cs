using Helr.Kernel.Config;
using Helr.Kernel.Observability.Status;
using Helr.Kernel.Output;
using Helr.Kernel.Plugins;
using Helr.Kernel.Polling;
using Helr.Kernel.Scheduling;
using Helr.Kernel.State;
using Helr.Kernel.Tests.Support;
using Helr.Plugins.Generic;
using Helr.PluginSdk;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A reload that could not build one of its new sources (its plugin's getter threw when the kernel put
/// the source together) had already stopped the sources it restarts: they stayed stopped, unpolled,
/// until the next good reload, while the reload failed. Now every new source is built before any is
/// stopped, and a failed build leaves everything running as before.
/// </summary>
public sealed class ReloadBuildFailureTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    // Its extractor is read once to validate the source, and throws when the kernel reads it again.
    private sealed class Plugin : IHelrPlugin, ISourceType
    {
        public PluginInfo Info { get; } = new() { Name = "flaky", Version = "1.0.0", Description = "a getter that throws" };
        public IReadOnlyList<ISourceType> SourceTypes => new[] { this };
        public string Name => "flaky";
        public string Description => "";
        public ISource? Create(ConfigNode config, SourceBuildContext context) => new Source();
    }

    private sealed class Source : ISource
    {
        private int _reads;
        public IAuthenticator? Authenticator => null;
        public IReadOnlyList<Uri> CredentialOrigins => Array.Empty<Uri>();
        public IEventExtractor Extractor => Interlocked.Increment(ref _reads) == 1 ? new JsonEventExtractor() : throw new IOException("extractor settings file is gone");
        public SourceDefaults Defaults => SourceDefaults.None;
        public IPollCycle BeginCycle(CycleContext context) => throw new InvalidOperationException("not polled");
    }

    [Fact]
    public async Task A_reload_whose_new_source_cannot_be_built_leaves_the_restarted_source_running()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("[]"));
        var dir = Directory.CreateTempSubdirectory("helr-reload-").FullName;
        var path = Path.Combine(dir, "helr.yaml");
        var registry = new SourceTypeRegistry(PluginCatalog.FromPlugins("test", new[]
        {
            new LoadedPlugin("generic", null) { Plugin = new GenericPlugin() }, new LoadedPlugin("flaky", null) { Plugin = new Plugin() },
        }));
        string Yaml(string more) => $"global:\n  state:\n    backend: memory\nsources:\n{more}  a:\n    url: {api.Url("/a")}\n    schedule:\n      interval_secs: 3600\n";
        File.WriteAllText(path, Yaml(""));
        var env = new TestEnvironment();
        var (loaded, problems) = ConfigLoader.Load(path, registry, env);
        Assert.True(loaded is not null, string.Join("; ", problems.Errors));
        var time = new FakeTimeProvider();
        var store = new MemoryStateStore();
        await using var output = new OutputWriter(new StreamSink(new MemoryStream(), "test"), new OutputLimits(), null, time, Logger.None);
        SourceRunner Build(BuiltSource source, GlobalConfig global) => SourceComposition.Build(source, global, store, output, time, Logger.None);
        var a = Build(loaded.Sources[0], loaded.Config.Global);
        var board = new SourceStatusBoard(time);
        var scheduler = new SourceScheduler([a], time, Logger.None, board: board);
        using var shutdown = new CancellationTokenSource();
        var run = scheduler.RunForeverAsync(shutdown.Token);
        var reloader = new ConfigReloader(ConfigSnapshot.Of(loaded.Config), loaded.Sources, registry, [], scheduler, Build, board, Logger.None,
            Helr.Kernel.Observability.Telemetry.Telemetry.Create(Logger.None, time), environment: _ => env);
        try
        {
            // b comes first in the file, and every source restarts: a is stopped before b is built.
            File.WriteAllText(path, Yaml("  b:\n    type: flaky\n").Replace("sources:", "  reload:\n    restart_sources_on_sighup: true\nsources:"));
            ReloadResult? result = null;
            var thrown = await Record.ExceptionAsync(async () => result = await reloader.ReloadAsync("SIGHUP"));

            Assert.Null(thrown);
            Assert.False(result!.Ok);
            Assert.Contains(result.Errors, e => e.Contains("sources.b") && e.Contains("extractor settings file is gone"));
            Assert.Equal(["a"], scheduler.Running.Select(r => r.Id));
            Assert.Same(a, scheduler.Running.Single());
            Assert.Equal(["a"], reloader.Running.Select(s => s.Id));
        }
        finally
        {
            shutdown.Cancel();
            await run.WaitAsync(Hang);
            foreach (var runner in scheduler.Running.Append(a).Distinct()) runner.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }
}
