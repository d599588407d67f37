using System.Runtime.InteropServices;
using Helr.Kernel.Scheduling;
using Serilog;

namespace Helr.Kernel.Cli;

/// <summary>
/// SIGINT and SIGTERM stop the run (instead of the runtime killing the process mid-page), and each is
/// logged as it arrives. Nothing was, until <c>graceful shutdown complete</c>: a shutdown that waits (a
/// cycle whose plugin ignores its cancellation, up to 30 s; an output whose consumer stopped reading,
/// until SIGKILL) looked as if the signal had not arrived, and a second Ctrl-C did nothing visible.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly ILogger _log;
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    public ShutdownSignal(CancellationTokenSource stop, ILogger log)
    {
        _stop = stop;
        _log = log;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
        // Inherited as ignored (a background job of a non-interactive shell), SIGINT gets no handler from
        // .NET: kill -INT would do nothing, and log nothing.
        if (IgnoredSignals.IsIgnored(2))
            log.Warning("SIGINT is ignored by this process (started in the background by a script?), so Ctrl-C and kill -INT will not stop it; SIGTERM still stops it (kill PID)");
    }

    internal void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        var signal = context.Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";
        var grace = SourceScheduler.StopGrace.TotalSeconds;
        try
        {
            if (Interlocked.Increment(ref _received) == 1)
                _log.Information("{Signal:l} received: stopping; the cycles in flight end within {Secs} s, then the output writes what it holds", signal, grace);
            else
                _log.Warning("{Signal:l} received again: already stopping, waiting for the cycles in flight (at most {Secs} s after the first signal) "
                    + "and for the output to write what it holds; SIGKILL ends helr at once (the pages not yet checkpointed are fetched again at the next start)", signal, grace);
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run has ended and its logger or token is gone: nothing is left to stop.
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
    }
}
