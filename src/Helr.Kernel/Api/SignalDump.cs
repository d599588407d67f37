using System.Runtime.InteropServices;
using System.Text;
using Helr.Kernel.Config;
using Helr.Kernel.State;
using Prometheus;
using Serilog;

namespace Helr.Kernel.Api;

/// <summary>
/// <c>dump_on_sigusr1</c>: on SIGUSR1, the state export (credentials redacted, as <c>helr state
/// export</c>) and the metrics text, to the log (one INFO line) or a file (replaced: <see cref="DumpFile"/>). Without the
/// block SIGUSR1 is not registered, so it keeps the OS default (the process terminates), as upstream.
/// With it, the handler is held from the config's load until the process ends: it dumps while the state
/// store is attached, and before (start-up) and after (shutdown) ignores the signal with a warning. A
/// handler only for the attached time left the default action for those moments, and a SIGUSR1 sent to
/// a helr still opening its state store, or shutting down, killed it.
/// </summary>
internal sealed class SignalDump : IDisposable
{
    // Linux numbering; .NET has no named PosixSignal for SIGUSR1 but accepts raw numbers.
    private const int SigUsr1 = 10;

    // A path on a hung mount (or a FIFO nobody reads) holds the write for good, and with it every later
    // SIGUSR1 (folded into the dump under way): the write is given up after this, with a warning.
    private static readonly TimeSpan WriteBound = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time;
    private readonly DumpFile? _file;
    private PosixSignalRegistration? _registration;
    private volatile Attached? _attached;
    private volatile ILogger? _log;
    private volatile bool _wasAttached;
    private int _running;

    private sealed record Attached(IStateStore Store, CollectorRegistry Registry, ILogger Log, Func<string, UrlSecretParameters>? Urls);

    /// <summary>Not registered for SIGUSR1 (<see cref="For"/> does that); tests dump with <see cref="DumpNow"/>.</summary>
    internal SignalDump(DumpOnSigusr1Config config, TimeProvider time, DumpFile? file = null)
    {
        _time = time;
        _file = file ?? (config.Destination == "file" ? new DumpFile(config.Path!) : null);
    }

    /// <summary>The handler, held by the caller until the process ends; null (SIGUSR1 untouched) when <paramref name="config"/> is null.</summary>
    public static SignalDump? For(DumpOnSigusr1Config? config)
    {
        if (config is null) return null;
        var dump = new SignalDump(config, TimeProvider.System);
        if (OperatingSystem.IsLinux()) dump._registration = PosixSignalRegistration.Create((PosixSignal)SigUsr1, dump.OnSignal);
        return dump;
    }

    /// <summary>From now on SIGUSR1 dumps <paramref name="store"/> and the metrics, until the result is disposed (the store is about to close).</summary>
    /// <remarks>Takes the telemetry, not its registry, and asks for the registry only here: a run without the
    /// block never builds it, nor compiles code that names a prometheus-net type (which loads the library:
    /// docs/performance.md, "Start-up").</remarks>
    /// <param name="urls">The secrets of a source's url (<see cref="RenderAsync"/>).</param>
    public IDisposable Attach(IStateStore store, Observability.Telemetry.Telemetry telemetry, ILogger log, Func<string, UrlSecretParameters>? urls = null)
    {
        _log = log;
        _attached = new Attached(store, telemetry.Registry, log, urls);
        _wasAttached = true;
        return new Attachment(this);
    }

    // Shutdown: SIGUSR1 is ignored from here until the process ends.
    private sealed class Attachment(SignalDump dump) : IDisposable
    {
        public void Dispose() => dump._attached = null;
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _ = DumpNow();
    }

    /// <summary>What SIGUSR1 does; the dump under way, or a completed task when there is none to make.</summary>
    internal Task DumpNow()
    {
        if (_attached is not { } attached)
        {
            Ignored();
            return Task.CompletedTask;
        }
        // A second signal while one dump is being written is folded into it.
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            attached.Log.Information("SIGUSR1: a dump is still being written; this signal is folded into it");
            return Task.CompletedTask;
        }
        return Task.Run(async () =>
        {
            // Released once: by a given-up write before its warning says the next signal dumps, else here.
            var released = 0;
            void Release()
            {
                if (Interlocked.Exchange(ref released, 1) == 0) Volatile.Write(ref _running, 0);
            }
            try
            {
                await WriteAsync(attached, Release);
            }
            finally
            {
                Release();
            }
        });
    }

    private void Ignored()
    {
        var why = _wasAttached ? "helr is shutting down" : "helr is still starting; send it again once it runs";
        try
        {
            if (_log is { } log) log.Warning("SIGUSR1 ignored: {Why}; no dump", why);
            else Console.Error.WriteLine($"warning: SIGUSR1 ignored: {why}; no dump");
        }
        catch (ObjectDisposedException)
        {
            // The run's logger is disposed just before this handler at exit; an exception here would end the process.
        }
    }

    /// <summary>The dump's text: <c>=== state ===</c>, the export JSON, <c>=== metrics ===</c>, the Prometheus text.</summary>
    /// <param name="urls">The secrets of each source's url: a key in its path that an older version stored in a next link is shown as its reference.</param>
    public static async Task<string> RenderAsync(IStateStore store, CollectorRegistry registry, Func<string, UrlSecretParameters>? urls = null)
    {
        string state;
        try
        {
            // Read by people and often sent to the log: not the verbatim export (docs/metrics.md).
            state = await StateExport.ExportAsync(store, forReading: true, hidden: urls is null ? null : (id, values) => urls(id).Hidden(values));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            state = $"(state store unavailable: {ex.Message})";
        }
        using var metrics = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(metrics);
        return $"=== state ===\n{state}\n=== metrics ===\n{Encoding.UTF8.GetString(metrics.ToArray())}";
    }

    private async Task WriteAsync(Attached attached, Action release)
    {
        var log = attached.Log;
        try
        {
            var text = await RenderAsync(attached.Store, attached.Registry, attached.Urls);
            if (_file is { } file)
            {
                // Its own task: opening the file blocks the calling thread, before any task is returned.
                var write = Task.Run(() => file.WriteAsync(text));
                try
                {
                    await write.WaitAsync(WriteBound, _time);
                }
                catch (TimeoutException)
                {
                    _ = write.ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
                    release();
                    log.Warning("SIGUSR1: the dump to {Path} did not finish within {Seconds} s (a hung mount?); given up, the next SIGUSR1 dumps again",
                        _file.Path, WriteBound.TotalSeconds);
                    return;
                }
                log.Information("SIGUSR1: state and metrics dumped to {Path}", _file.Path);
            }
            else
            {
                log.Information("SIGUSR1 dump:\n{Dump}", text);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.Error("SIGUSR1: cannot write the dump to {Path}: {Error}", _file?.Path, ex.Message);
        }
    }

    public void Dispose() => _registration?.Dispose();
}
