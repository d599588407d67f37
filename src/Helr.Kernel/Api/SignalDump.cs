using System.Runtime.InteropServices;
using System.Text;
using Helr.Kernel.Config;
using Helr.Kernel.State;
using Prometheus;
using Serilog;

namespace Helr.Kernel.Api;

/// <summary>
/// <c>dump_on_sigusr1</c>: on SIGUSR1, the state export (credentials redacted, as <c>helr state
/// export</c>) and the metrics text, to the log (one INFO line) or a file (overwritten). Without the
/// block SIGUSR1 is not registered, so it keeps the OS default (the process terminates), as upstream.
/// </summary>
internal sealed class SignalDump : IDisposable
{
    // Linux numbering; .NET has no named PosixSignal for SIGUSR1 but accepts raw numbers.
    private const int SigUsr1 = 10;

    private readonly DumpOnSigusr1Config _config;
    private readonly IStateStore _store;
    private readonly CollectorRegistry _registry;
    private readonly ILogger _log;
    private readonly PosixSignalRegistration? _registration;
    private int _running;

    private SignalDump(DumpOnSigusr1Config config, IStateStore store, Observability.Telemetry.Telemetry telemetry, ILogger log)
    {
        _config = config;
        _store = store;
        _registry = telemetry.Registry;
        _log = log;
        if (OperatingSystem.IsLinux()) _registration = PosixSignalRegistration.Create((PosixSignal)SigUsr1, OnSignal);
    }

    /// <summary>Null (SIGUSR1 untouched) when <paramref name="config"/> is null.</summary>
    /// <remarks>Takes the telemetry, not its registry, and asks for the registry only in the constructor:
    /// a run without the block never builds it, nor compiles code that names a prometheus-net type
    /// (which loads the library: docs/performance.md, "Start-up").</remarks>
    public static SignalDump? Register(DumpOnSigusr1Config? config, IStateStore store, Observability.Telemetry.Telemetry telemetry, ILogger log) =>
        config is null ? null : new SignalDump(config, store, telemetry, log);

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        // A second signal while one dump is being written is folded into it.
        if (Interlocked.Exchange(ref _running, 1) == 1) return;
        _ = Task.Run(async () =>
        {
            try
            {
                await WriteAsync();
            }
            finally
            {
                Volatile.Write(ref _running, 0);
            }
        });
    }

    /// <summary>The dump's text: <c>=== state ===</c>, the export JSON, <c>=== metrics ===</c>, the Prometheus text.</summary>
    public static async Task<string> RenderAsync(IStateStore store, CollectorRegistry registry)
    {
        string state;
        try
        {
            // Read by people and often sent to the log: not the verbatim export (docs/metrics.md).
            state = await StateExport.ExportAsync(store, forReading: true);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            state = $"(state store unavailable: {ex.Message})";
        }
        using var metrics = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(metrics);
        return $"=== state ===\n{state}\n=== metrics ===\n{Encoding.UTF8.GetString(metrics.ToArray())}";
    }

    private async Task WriteAsync()
    {
        try
        {
            var text = await RenderAsync(_store, _registry);
            if (_config.Destination == "file")
            {
                await File.WriteAllTextAsync(_config.Path!, text);
                _log.Information("SIGUSR1: state and metrics dumped to {Path}", _config.Path);
            }
            else
            {
                _log.Information("SIGUSR1 dump:\n{Dump}", text);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Error("SIGUSR1: cannot write the dump to {Path}: {Error}", _config.Path, ex.Message);
        }
    }

    public void Dispose() => _registration?.Dispose();
}
