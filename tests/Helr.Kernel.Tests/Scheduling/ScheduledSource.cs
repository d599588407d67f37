using Helr.Kernel.Config;
using Helr.Kernel.Observability.Status;
using Helr.Kernel.Output;
using Helr.Kernel.Plugins;
using Helr.Kernel.Polling;
using Helr.Kernel.Scheduling;
using Helr.Kernel.State;
using Helr.Kernel.State.Leases;
using Helr.Kernel.Tests.Output;
using Helr.Kernel.Tests.State;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// One source, <c>a</c>, polled by a continuous scheduler on a fake clock into an output that holds
/// every write until released (<see cref="GatedStream"/>), with shared-state leases when
/// <c>leaseSources</c> is given (the number of sources the fair share divides). What the scheduler
/// race tests have in common.
/// </summary>
internal sealed class ScheduledSource : IAsyncDisposable
{
    private readonly OutputWriter _writer;
    private readonly IStateStore _state;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Task<int> _run;

    // timeout_secs: a vendor that keeps a request waiting outlasts the drain grace instead of timing out first.
    // moreResilience: further keys under the source's resilience block (one line each, indented as they are).
    public ScheduledSource(FakeVendorServer api, TimeSpan interval, int? leaseSources = null, Action<ScheduledSource>? beforeStart = null, string moreResilience = "",
        Func<double>? intervalScale = null)
    {
        Loaded = File.Load($"""
            global:
              state:
                backend: memory
            sources:
              a:
                url: {api.Url("/a")}
                schedule:
                  interval_secs: {interval.TotalSeconds}
                  jitter_secs: 0
                dedupe:
                  id_path: id
                resilience:
                  timeout_secs: 3600
            {moreResilience}
            """);
        _state = State;
        if (leaseSources is { } sources)
        {
            Leases = new SourceLeases(LeaseStore, TimeSpan.FromSeconds(30), pollWhenUnreachable: false, sources, Time, Logger.None);
            _state = new LeaseFencedStateStore(State, Leases);
        }
        _writer = new OutputWriter(new StreamSink(Stream, "test"), new OutputLimits(), null, Time, Logger.None);
        var runner = Build(Loaded.Sources[0], Loaded.Config.Global);
        Board = new SourceStatusBoard(Time);
        Scheduler = new SourceScheduler([runner], Time, new Serilog.LoggerConfiguration().WriteTo.Sink(Logs).CreateLogger(), gate: Leases is null ? null : new LeaseGate(Leases, Time),
            intervalScale: intervalScale, board: Board);
        beforeStart?.Invoke(this);
        _run = Scheduler.RunForeverAsync(_shutdown.Token);
    }

    /// <summary>The helr.yaml the run started from (a reload reads it again).</summary>
    public ConfigFile File { get; } = new();

    public LoadedConfig Loaded { get; }

    public FakeTimeProvider Time { get; } = new();

    /// <summary>What the scheduler logged.</summary>
    public LogLines Logs { get; } = new();

    public GatedStream Stream { get; } = new();

    public MemoryStateStore State { get; } = new();

    public MemoryLeaseStore LeaseStore { get; } = new();

    public SourceLeases? Leases { get; }

    public SourceScheduler Scheduler { get; }

    /// <summary>The status board the scheduler reports each cycle to (/healthz, the status page).</summary>
    public SourceStatusBoard Board { get; }

    /// <summary>A runner on this run's state and output, as RunPipeline builds one for a reload.</summary>
    public SourceRunner Build(BuiltSource source, GlobalConfig global) => SourceComposition.Build(source, global, _state, _writer, Time, Logger.None);

    /// <summary>SIGTERM: the task is RunForeverAsync's.</summary>
    public Task<int> Shutdown()
    {
        _shutdown.Cancel();
        return _run;
    }

    /// <summary>What ConfigReloader does with a source the new config no longer has.</summary>
    public async Task RemoveAsync(string sourceId)
    {
        (await Scheduler.StopAsync(sourceId))?.Dispose();
        await Scheduler.ReleaseLeaseAsync(sourceId);
    }

    public async ValueTask DisposeAsync()
    {
        // A failed assertion must not leave the writer stuck in the held stream, nor the loop at the store.
        Stream.Release.Set();
        LeaseStore.LetAllGo();
        _shutdown.Cancel();
        await _run;
        await _writer.DisposeAsync();
        if (Leases is not null) await Leases.DisposeAsync();
        _shutdown.Dispose();
        File.Dispose();
    }
}
