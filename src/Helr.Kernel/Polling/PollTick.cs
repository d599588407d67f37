namespace Helr.Kernel.Polling;

/// <summary>
/// The deadline of one whole poll cycle (<c>timeouts.poll_tick_secs</c>): pages, retries and
/// rate-limit waits included. When it fires the cycle stops like a shutdown would (nothing past
/// the last flushed page is checkpointed) and fails with a message that says which limit hit.
/// </summary>
internal sealed class PollTick : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly LongTimer.Deadline? _deadline;
    private readonly CancellationToken _caller;
    private readonly double? _secs;

    private PollTick(double? secs, TimeProvider time, CancellationToken caller)
    {
        _secs = secs;
        _caller = caller;
        if (secs is null)
        {
            _cts = CancellationTokenSource.CreateLinkedTokenSource(caller);
            return;
        }
        // Not a CancellationTokenSource(delay): the key allows a year, a timer holds 49.7 days.
        _deadline = LongTimer.After(LongTimer.Seconds(secs.Value), time);
        _cts = CancellationTokenSource.CreateLinkedTokenSource(caller, _deadline.Token);
    }

    public static PollTick Start(double? secs, TimeProvider time, CancellationToken caller) => new(secs, time, caller);

    public CancellationToken Token => _cts.Token;

    /// <summary>poll_tick_secs, or null when the cycle has no deadline.</summary>
    public double? Seconds => _secs;

    /// <summary>Cancelled when poll_tick_secs fires (not by a stop).</summary>
    public CancellationToken Deadline => _deadline?.Token ?? CancellationToken.None;

    /// <summary>
    /// Replaces the cancellation caused by the deadline with a poll error naming it. A cancellation that
    /// neither the caller (shutdown), <paramref name="drain"/> (a reload) nor the deadline asked for (a
    /// plugin's own HttpClient.Timeout, say) is a poll error too: left a cancellation, it was taken for a
    /// stop, kept off the status board, and a source failing every cycle showed as ok.
    /// </summary>
    public CycleOutcome Explain(CycleOutcome outcome, CancellationToken drain = default)
    {
        if (outcome.Error is null || _caller.IsCancellationRequested) return outcome;
        if (_deadline?.IsCancellationRequested == true)
            return outcome with { Error = new PollException($"poll tick timed out after {_secs:0.###} s (timeouts.poll_tick_secs)", outcome.Error) };
        return outcome.Error is OperationCanceledException unasked && !drain.IsCancellationRequested
            ? outcome with { Error = new PollException($"cancelled without a stop being asked: {unasked.Message}", unasked) }
            : outcome;
    }

    public void Dispose()
    {
        _cts.Dispose();
        _deadline?.Dispose();
    }
}
