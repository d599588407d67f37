namespace Helr.Kernel.Polling;

/// <summary>
/// The deadline of one whole poll cycle (<c>timeouts.poll_tick_secs</c>): pages, retries and
/// rate-limit waits included. When it fires the cycle stops like a shutdown would (nothing past
/// the last flushed page is checkpointed) and fails with a message that says which limit hit.
/// </summary>
internal sealed class PollTick : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly Scheduling.LongTimer.Deadline? _deadline;
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
        _deadline = Scheduling.LongTimer.After(Scheduling.LongTimer.Seconds(secs.Value), time);
        _cts = CancellationTokenSource.CreateLinkedTokenSource(caller, _deadline.Token);
    }

    public static PollTick Start(double? secs, TimeProvider time, CancellationToken caller) => new(secs, time, caller);

    public CancellationToken Token => _cts.Token;

    /// <summary>Replaces the cancellation caused by the deadline with a poll error naming it.</summary>
    public CycleOutcome Explain(CycleOutcome outcome) =>
        outcome.Error is not null && _deadline?.IsCancellationRequested == true && !_caller.IsCancellationRequested
            ? outcome with { Error = new PollException($"poll tick timed out after {_secs:0.###} s (timeouts.poll_tick_secs)", outcome.Error) }
            : outcome;

    public void Dispose()
    {
        _cts.Dispose();
        _deadline?.Dispose();
    }
}
