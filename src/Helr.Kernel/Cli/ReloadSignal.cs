using System.Runtime.InteropServices;
using Helr.Kernel.Scheduling;
using Serilog;

namespace Helr.Kernel.Cli;

/// <summary>
/// SIGHUP for the whole of a continuous <c>run</c>, from before the config is read until the process
/// ends. It reloads the config only while a <see cref="ConfigReloader"/> is attached (the run's loops
/// are up); before that and during shutdown it is ignored with a warning. Without a handler for those
/// moments the runtime's default action, ending the process, applied: a reload sent while helr was
/// starting, or after it had begun to shut down, killed it (exit by signal instead of 0).
/// </summary>
internal sealed class ReloadSignal : IDisposable
{
    private readonly PosixSignalRegistration _registration;
    private volatile Attached? _attached;
    private volatile ILogger? _log;
    private volatile bool _wasAttached;

    private sealed record Attached(ConfigReloader Reloader, ILogger Log);

    private ReloadSignal() => _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Handle);

    /// <summary>A handler for a continuous run; null for a one-cycle run, where SIGHUP keeps its default action, as upstream.</summary>
    public static ReloadSignal? For(bool once) => once ? null : new ReloadSignal();

    /// <summary>From now on SIGHUP reloads through <paramref name="reloader"/>.</summary>
    public void Attach(ConfigReloader reloader, ILogger log)
    {
        _log = log;
        _attached = new Attached(reloader, log);
        _wasAttached = true;
    }

    /// <summary>Shutdown has begun: SIGHUP is ignored until the process ends.</summary>
    public void Detach()
    {
        _attached = null;
        _log?.Debug("shutting down: SIGHUP no longer reloads the config");
    }

    internal void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        if (_attached is { } attached)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await attached.Reloader.ReloadAsync("SIGHUP");
                }
                catch (Exception ex)
                {
                    // Nobody awaits a SIGHUP's reload: unlogged, its failure would be silent (the REST reload answers 500).
                    ReloadFailure.Log(attached.Log, "SIGHUP", ex, () => ReloadFailure.Secrets(attached.Reloader.Running));
                }
            });
            return;
        }
        var why = _wasAttached ? "helr is shutting down" : "helr is still starting; send it again once it runs";
        try
        {
            if (_log is { } log) log.Warning("SIGHUP ignored: {Why}; config not reloaded", why);
            else Console.Error.WriteLine($"warning: SIGHUP ignored: {why}; config not reloaded");
        }
        catch (ObjectDisposedException)
        {
            // The run's logger is disposed just before this handler at exit; an exception here would end the process.
        }
    }

    public void Dispose() => _registration.Dispose();
}
