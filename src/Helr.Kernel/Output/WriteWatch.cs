using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;

namespace Helr.Kernel.Output;

/// <summary>
/// Reports a write that does not return. A pipe whose reader stopped reading (a stalled shipper) or a
/// disk that does not answer holds the writer thread in one system call, and with it every page behind
/// it and their checkpoints; nothing failed, so nothing was logged (without backpressure enabled not
/// even a full queue, and a quiet source never fills it), and a shutdown then waited for ever in silence.
/// A write (with its sync) still running <see cref="After"/> after it began is logged once, and again
/// when it returns.
/// </summary>
internal sealed class WriteWatch : IDisposable
{
    /// <summary>How long one write may take before it is reported.</summary>
    public static readonly TimeSpan After = TimeSpan.FromSeconds(60);

    // The check is a timer, not a deadline set per write: the hot path only stores a timestamp.
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _time;
    private readonly Telemetry _telemetry;
    private readonly string _output;
    private readonly object _lock = new();
    private ITimer? _timer;
    private long _since; // when the running write began; 0 while none runs
    private bool _reported;

    public WriteWatch(string output, TimeProvider time, Telemetry telemetry)
    {
        _output = output;
        _time = time;
        _telemetry = telemetry;
    }

    /// <summary>True while a write has been running for <see cref="After"/> or longer (it has not returned yet).</summary>
    public bool Stalled
    {
        get
        {
            lock (_lock) return _since != 0 && _time.GetElapsedTime(_since) >= After;
        }
    }

    public void Start() => _timer = _time.CreateTimer(_ => Check(), null, Every, Every);

    public void Begin()
    {
        lock (_lock) _since = _time.GetTimestamp();
    }

    public void End()
    {
        long since;
        lock (_lock)
        {
            since = _since;
            _since = 0;
            if (!_reported) return;
            _reported = false;
        }
        _telemetry.Emit(new OutputStalled(_output, _time.GetElapsedTime(since), Ended: true));
    }

    private void Check()
    {
        TimeSpan elapsed;
        lock (_lock)
        {
            if (_since == 0 || _reported) return;
            elapsed = _time.GetElapsedTime(_since);
            if (elapsed < After) return;
            _reported = true;
        }
        _telemetry.Emit(new OutputStalled(_output, elapsed, Ended: false));
    }

    public void Dispose() => _timer?.Dispose();
}
