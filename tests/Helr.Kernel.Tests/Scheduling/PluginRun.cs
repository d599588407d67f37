using Helr.Kernel.Config;
using Helr.Kernel.Observability.Status;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Output;
using Helr.Kernel.Plugins;
using Helr.Kernel.Polling;
using Helr.Kernel.Scheduling;
using Helr.Kernel.State;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk;
using Serilog;
using Serilog.Core;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// Sources of one in-process test plugin (<see cref="StuckPlugin"/> and the like), loaded from a
/// helr.yaml written to a temporary folder, each built into a runner on a fake clock, and a continuous
/// scheduler (not started) with a status board around them. What the scheduler tests with a misbehaving
/// plugin have in common.
/// </summary>
internal sealed class PluginRun<TPlugin> : IAsyncDisposable where TPlugin : IHelrPlugin
{
    private readonly string _dir = Directory.CreateTempSubdirectory("helr-plugin-run-").FullName;
    private readonly OutputWriter _output;
    private readonly List<SourceRunner> _built = [];

    /// <summary>
    /// helr.yaml: a memory state store, <paramref name="globalKeys"/> (indented as global keys), and a source of the
    /// plugin's type per id (s1 by default) with <paramref name="schedule"/> and <paramref name="sourceKeys"/> (indented as source keys).
    /// </summary>
    public PluginRun(TPlugin plugin, string sourceKeys = "", string globalKeys = "", string schedule = "interval_secs: 3600", params string[] ids)
    {
        Plugin = plugin;
        Path = System.IO.Path.Combine(_dir, "helr.yaml");
        var type = plugin.SourceTypes[0].Name;
        var sources = (ids.Length == 0 ? ["s1"] : ids).Select(id => $"  {id}:\n    type: {type}\n    schedule: {{ {schedule} }}\n{sourceKeys}");
        File.WriteAllText(Path, $"global:\n  state:\n    backend: memory\n{globalKeys}sources:\n" + string.Concat(sources));
        Registry = new SourceTypeRegistry(PluginCatalog.FromPlugins("test", new[] { new LoadedPlugin(plugin.Info.Name, null) { Plugin = plugin } }));
        var (loaded, problems) = ConfigLoader.Load(Path, Registry, Environment);
        Assert.True(loaded is not null, string.Join("; ", problems.Errors));
        Loaded = loaded;
        Log = new LoggerConfiguration().WriteTo.Sink(Logs).CreateLogger();
        Telemetry = Telemetry.Create(Log, Time);
        Board = new SourceStatusBoard(Time);
        _output = new OutputWriter(new StreamSink(new MemoryStream(), "test"), new OutputLimits(), null, Time, Logger.None);
        Scheduler = new SourceScheduler(loaded.Sources.Select(s => Build(s, loaded.Config.Global)).ToList(), Time, Log,
            maxConcurrentSources: loaded.Config.Global.Bulkhead.MaxConcurrentSources, board: Board);
    }

    public TPlugin Plugin { get; }
    public string Path { get; }
    public TestEnvironment Environment { get; } = new();
    public SourceTypeRegistry Registry { get; }
    public LoadedConfig Loaded { get; }
    public FakeTimeProvider Time { get; } = new();
    public LogLines Logs { get; } = new();
    public ILogger Log { get; }
    public Telemetry Telemetry { get; }
    public SourceStatusBoard Board { get; }
    public SourceScheduler Scheduler { get; }

    /// <summary>Every runner built so far: the scheduler's, then a reload's, in order.</summary>
    public IReadOnlyList<SourceRunner> Built
    {
        get
        {
            lock (_built) return _built.ToList();
        }
    }

    /// <summary>The first source's runner.</summary>
    public SourceRunner Runner => Built[0];

    /// <summary>Builds a runner as a reload does (disposed with this run).</summary>
    public SourceRunner Build(BuiltSource source, GlobalConfig global)
    {
        var runner = SourceComposition.Build(source, global, new MemoryStateStore(), _output, Time, Log, Telemetry);
        lock (_built) _built.Add(runner);
        return runner;
    }

    /// <summary>A reloader of this run's config file, its sources built by <see cref="Build"/>.</summary>
    public ConfigReloader Reloader() =>
        new(ConfigSnapshot.Of(Loaded.Config), Loaded.Sources, Registry, [], Scheduler, Build, Board, Log, Telemetry, environment: _ => Environment);

    public async ValueTask DisposeAsync()
    {
        // A plugin holding a cycle lets it go first: its runner is disposed under it otherwise.
        (Plugin as IDisposable)?.Dispose();
        foreach (var runner in Built) runner.Dispose();
        await _output.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
