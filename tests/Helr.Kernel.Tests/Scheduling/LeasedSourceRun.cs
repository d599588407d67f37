using Helr.Kernel.Observability.Status;
using Helr.Kernel.Output;
using Helr.Kernel.Polling;
using Helr.Kernel.Scheduling;
using Helr.Kernel.State;
using Helr.Kernel.State.Leases;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Testing;
using Serilog;
using Serilog.Core;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// One generic source s1 (its API answers an empty page) running continuously behind the leases of
/// <paramref name="leaseStore"/>, without the memory fallback, on a fake clock, with its status board and
/// Debug logs and its telemetry: what the tests of a lease store that fails have in common.
/// </summary>
internal sealed class LeasedSourceRun(ILeaseStore leaseStore) : IAsyncDisposable
{
    private readonly ConfigFile _file = new();
    private readonly CancellationTokenSource _shutdown = new();
    private FakeVendorServer? _api;
    private SourceLeases? _leases;
    private OutputWriter? _writer;
    private SourceRunner? _runner;
    private Task? _run;

    public FakeTimeProvider Time { get; } = new();
    public LogLines Logs { get; } = new();
    public SourceStatusBoard Board { get; private set; } = null!;
    public Helr.Kernel.Observability.Telemetry.Telemetry Telemetry { get; private set; } = null!;
    public FakeVendorServer Api => _api!;

    public async Task StartAsync()
    {
        _api = await FakeVendorServer.StartAsync();
        _api.OnGet("/s1", _ => FakeResponse.Json("[]"));
        var loaded = _file.Load($"global:\n  state: {{ backend: memory }}\nsources:\n  s1:\n    url: {_api.Url("/s1")}\n");
        var log = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(Logs).CreateLogger();
        _leases = new SourceLeases(leaseStore, TimeSpan.FromSeconds(30), pollWhenUnreachable: false, 1, Time, log);
        await _leases.StartAsync();
        _writer = new OutputWriter(new StreamSink(new MemoryStream(), "test"), new OutputLimits(), null, Time, Logger.None);
        Telemetry = Helr.Kernel.Observability.Telemetry.Telemetry.Create(Logger.None, Time);
        _runner = SourceComposition.Build(loaded.Sources[0], loaded.Config.Global, new LeaseFencedStateStore(new MemoryStateStore(), _leases), _writer, Time, Logger.None, Telemetry);
        Board = new SourceStatusBoard(Time);
        _run = new SourceScheduler([_runner], Time, log, gate: new LeaseGate(_leases, Time), board: Board).RunForeverAsync(_shutdown.Token);
    }

    /// <summary>Advances the clock a second at a time until <paramref name="done"/> holds; the step budget bounds the wait.</summary>
    public async Task AdvanceUntilAsync(Func<bool> done)
    {
        for (var i = 0; i < 300 && !done(); i++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _shutdown.Cancel();
        if (_run is not null) await _run;
        _runner?.Dispose();
        if (_writer is not null) await _writer.DisposeAsync();
        if (_leases is not null) await _leases.DisposeAsync();
        if (_api is not null) await _api.DisposeAsync();
        _file.Dispose();
        _shutdown.Dispose();
    }
}
