using Polly.Timeout;

namespace Helr.Kernel.Http;

/// <summary>
/// The deadline of one attempt (<c>timeouts.request_secs</c>): a token cancelled when the attempt has
/// run that long. It can be paused while the attempt waits for something that is no part of the
/// request — a streamed page's events waiting for the pages before them to reach the output — which a
/// slow consumer can stretch past any request timeout.
/// </summary>
internal sealed class AttemptDeadline : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly ITimer _timer;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly Lock _lock = new();
    private TimeSpan _left;
    private long _since;
    private int _paused;
    private volatile bool _expired;

    public AttemptDeadline(TimeSpan timeout, TimeProvider time, CancellationToken caller)
    {
        _time = time;
        _timeout = _left = timeout;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(caller);
        _since = time.GetTimestamp();
        _timer = time.CreateTimer(static state => ((AttemptDeadline)state!).Expire(), this, timeout, Timeout.InfiniteTimeSpan);
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>Stops the clock until <see cref="Resume"/>; pauses nest.</summary>
    public void Pause()
    {
        lock (_lock)
        {
            if (_paused++ > 0 || _expired) return;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _left -= _time.GetElapsedTime(_since);
        }
    }

    public void Resume()
    {
        lock (_lock)
        {
            if (--_paused > 0 || _expired) return;
            _since = _time.GetTimestamp();
            _timer.Change(_left > TimeSpan.Zero ? _left : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// What a cancellation of <see cref="Token"/> means: the timeout as Polly's own exception (retried,
    /// described, judged like any attempt timeout), or <paramref name="ex"/> when the caller cancelled.
    /// </summary>
    public Exception Explain(OperationCanceledException ex) =>
        _expired ? new TimeoutRejectedException($"The operation didn't complete within the allowed timeout of '{_timeout}'.", _timeout, ex) : ex;

    public bool Expired => _expired;

    private void Expire()
    {
        lock (_lock)
        {
            if (_paused > 0) return;
            _expired = true;
        }
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The attempt ended meanwhile.
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        _cts.Dispose();
    }
}
