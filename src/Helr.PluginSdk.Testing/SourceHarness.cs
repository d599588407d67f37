using System.Text;
using Helr.Kernel.Config;
using Helr.Kernel.Output;
using Helr.Kernel.Plugins;
using Helr.Kernel.Polling;
using Helr.Kernel.State;
using Helr.PluginSdk.Sources;
using Serilog;

namespace Helr.PluginSdk.Testing;

/// <summary>
/// Runs one source of a source type in-process, through the kernel's own config loader, HTTP client
/// (auth, retries, rate limits, credential origins), poll loop, envelope writer and checkpointing,
/// without starting <c>helr</c>. State is kept in memory and carried from cycle to cycle; point the
/// source's URL at a <see cref="FakeVendorServer"/> to see the requests it sent.
/// </summary>
public sealed class SourceHarness : IDisposable
{
    private readonly SourceRunner _runner;
    private readonly MemoryStateStore _store;
    private readonly OutputWriter _output;
    private readonly CollectingSink _sink;
    private readonly LogCapture _log;
    private readonly FakeVendorServer? _server;
    private readonly HarnessClock _clock;

    private SourceHarness(SourceRunner runner, MemoryStateStore store, OutputWriter output, CollectingSink sink, LogCapture log, FakeVendorServer? server, string sourceId, HarnessClock clock)
    {
        _clock = clock;
        _runner = runner;
        _store = store;
        _output = output;
        _sink = sink;
        _log = log;
        _server = server;
        SourceId = sourceId;
    }

    /// <summary>The source's key under <c>sources:</c>.</summary>
    public string SourceId { get; }

    /// <summary>Where the runner reports its facts, for the kernel's own tests.</summary>
    internal Kernel.Observability.Telemetry.Telemetry Telemetry { get; private init; } = null!;

    /// <summary>
    /// The clock (system time by default): what cycles see as now (<c>CycleContext.Time</c>), and what
    /// the kernel's retries, rate-limit waits and envelope times use. Settable between cycles; a
    /// provider that overrides only <see cref="TimeProvider.GetUtcNow"/> moves now while waits still
    /// pass in real time.
    /// </summary>
    public TimeProvider Time
    {
        get => _clock.Current;
        set => _clock.Current = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Loads <paramref name="sourceYaml"/> (the keys of one source) as the source <paramref name="sourceId"/>
    /// of type <paramref name="type"/>, exactly as <c>helr</c> would; a <c>type</c> key, when given, must name
    /// <paramref name="type"/> (as <c>helr</c> matches it, ignoring case), as sample.yaml's must. Throws
    /// <see cref="InvalidOperationException"/> listing every config problem when it does not load.
    /// </summary>
    /// <param name="type">The source type under test.</param>
    /// <param name="sourceYaml">The source's keys as YAML, e.g. <c>url: …\npagination: …</c>.</param>
    /// <param name="server">The fake vendor, whose requests each <see cref="HarnessCycle"/> reports; null when not used.</param>
    /// <param name="environment">Environment variables and files for <c>*_env</c> and <c>*_file</c> keys; null uses the process's.</param>
    /// <param name="sourceId">The source's key under <c>sources:</c>.</param>
    public static SourceHarness Create(ISourceType type, string sourceYaml, FakeVendorServer? server = null, IHelrEnvironment? environment = null, string sourceId = "s") =>
        CreateWithGlobal(type, "", sourceYaml, server, environment, sourceId);

    /// <summary>
    /// As <see cref="Create"/>, with the keys of <c>global:</c> too (e.g. <c>hooks: {enabled: true}</c>),
    /// for a source whose behaviour depends on global settings the kernel hands to plugins.
    /// </summary>
    /// <param name="type">The source type under test.</param>
    /// <param name="globalYaml">The keys under <c>global:</c> as YAML; empty for none.</param>
    /// <param name="sourceYaml">The source's keys as YAML.</param>
    /// <param name="server">The fake vendor, whose requests each <see cref="HarnessCycle"/> reports; null when not used.</param>
    /// <param name="environment">Environment variables and files for <c>*_env</c> and <c>*_file</c> keys; null uses the process's.</param>
    /// <param name="sourceId">The source's key under <c>sources:</c>.</param>
    public static SourceHarness CreateWithGlobal(ISourceType type, string globalYaml, string sourceYaml, FakeVendorServer? server = null,
        IHelrEnvironment? environment = null, string sourceId = "s")
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(globalYaml);
        ArgumentNullException.ThrowIfNull(sourceYaml);
        var config = Load(type, globalYaml, sourceYaml, environment, sourceId);
        // A body kept past its call reads a marker here rather than, in production, another page's bytes.
        Kernel.Http.PageBuffer.OverwriteGivenBack = true;
        var store = new MemoryStateStore();
        var log = new LogCapture();
        var logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(log).CreateLogger();
        var sink = new CollectingSink();
        var clock = new HarnessClock();
        var telemetry = Kernel.Observability.Telemetry.Telemetry.Create(logger, clock);
        var output = new OutputWriter(sink, new OutputLimits(), null, clock, logger, telemetry);
        var runner = SourceComposition.Build(config.Sources[0], config.Config.Global, store, output, clock, logger, telemetry);
        return new SourceHarness(runner, store, output, sink, log, server, sourceId, clock) { Telemetry = telemetry };
    }

    /// <summary>The source's stored state now.</summary>
    public IReadOnlyDictionary<string, string> State => _store.GetAllAsync(SourceId).GetAwaiter().GetResult();

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, as <c>helr state set</c> does.</summary>
    public void SetState(string key, string value)
    {
        var values = State.ToDictionary(kv => kv.Key, kv => kv.Value);
        values[key] = value;
        _store.ReplaceValues(SourceId, values);
    }

    /// <summary>Runs one poll cycle from the stored state and reports what it did.</summary>
    public async Task<HarnessCycle> RunCycleAsync(CancellationToken cancellationToken = default)
    {
        var requestsBefore = _server?.Requests.Count ?? 0;
        var linesBefore = _sink.Count;
        var logBefore = _log.Count;
        var outcome = await _runner.RunCycleAsync(cancellationToken);
        return new HarnessCycle
        {
            Lines = _sink.Since(linesBefore),
            State = State,
            Requests = _server?.Requests.Skip(requestsBefore).ToList() ?? (IReadOnlyList<RecordedRequest>)Array.Empty<RecordedRequest>(),
            Pages = outcome.Pages,
            Error = outcome.Error?.Message,
            Log = _log.Since(logBefore),
        };
    }

    /// <summary>Runs <paramref name="count"/> cycles one after the other, state carried between them.</summary>
    public async Task<IReadOnlyList<HarnessCycle>> RunCyclesAsync(int count, CancellationToken cancellationToken = default)
    {
        var cycles = new List<HarnessCycle>();
        for (var i = 0; i < count; i++) cycles.Add(await RunCycleAsync(cancellationToken));
        return cycles;
    }

    /// <summary>Stops the output writer and the source's HTTP client.</summary>
    public void Dispose()
    {
        _runner.Dispose();
        _output.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static LoadedConfig Load(ISourceType type, string globalYaml, string sourceYaml, IHelrEnvironment? environment, string sourceId)
    {
        var yaml = new StringBuilder();
        if (globalYaml.Trim().Length > 0)
        {
            yaml.Append("global:\n");
            foreach (var line in globalYaml.Replace("\r\n", "\n").Split('\n')) yaml.Append("  ").Append(line).Append('\n');
        }
        yaml.Append("sources:\n").Append("  ").Append(sourceId).Append(":\n");
        var keys = sourceYaml.Replace("\r\n", "\n").Split('\n');
        // A type: given (sample.yaml's, by PluginTestFiles.SampleSourceKeys) is looked up as helr looks it up: a
        // sample naming another type, or none (a generic source), loaded in its tests and failed when run.
        if (!keys.Any(l => l.StartsWith("type:", StringComparison.Ordinal))) yaml.Append("    type: ").Append(type.Name).Append('\n');
        foreach (var line in keys) yaml.Append("    ").Append(line).Append('\n');
        var path = Path.Combine(Path.GetTempPath(), $"helr-harness-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml.ToString());
        try
        {
            var plugin = new LoadedPlugin("(test)", null) { Plugin = new HarnessPlugin(type) };
            var registry = new SourceTypeRegistry(PluginCatalog.FromPlugins(Path.GetTempPath(), new[] { plugin }));
            var (config, problems) = ConfigLoader.Load(path, registry, environment);
            if (config is null || problems.HasErrors)
                throw new InvalidOperationException("the source does not load:\n" + string.Join("\n", problems.All.Select(p => p.ToString())));
            return config;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
