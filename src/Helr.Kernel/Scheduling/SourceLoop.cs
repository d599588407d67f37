using Helr.Kernel.Polling;

namespace Helr.Kernel.Scheduling;

/// <summary>
/// One source's running loop: its runner, the lock that keeps a triggered poll and a scheduled cycle
/// from overlapping, and two ways to stop it. <see cref="Drain"/> (a reload removing or restarting
/// the source) lets the page in flight finish and be checkpointed, then ends the cycle;
/// <see cref="Abort"/> (shutdown) cancels at once, except a page's hand-over to the output that has
/// begun: that one ends at the stop's deadline, or at <see cref="CutAll"/> (a drain taking too long).
/// </summary>
internal sealed class SourceLoop : IDisposable
{
    private readonly CancellationTokenSource _abort;
    private readonly CancellationTokenSource _drain = new();
    private readonly CancellationTokenSource _either;
    private readonly CancellationTokenSource _cut;

    /// <param name="cutHandOvers">The shutdown's deadline: cuts a page's hand-over still waiting for room.</param>
    public SourceLoop(SourceRunner runner, CancellationToken shutdown, CancellationToken cutHandOvers = default, long? cycleEnded = null)
    {
        Runner = runner;
        CycleEnded = cycleEnded;
        _abort = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        _either = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token, _drain.Token);
        _cut = CancellationTokenSource.CreateLinkedTokenSource(cutHandOvers);
    }

    public SourceRunner Runner { get; }

    public SemaphoreSlim CycleLock { get; } = new(1, 1);

    /// <summary>
    /// When its last scheduled cycle ended (a <see cref="TimeProvider"/> timestamp), null while one runs or
    /// before the first: the wait for the next cycle counts from it, also across a restart by a reload.
    /// </summary>
    public long? CycleEnded { get; set; }

    /// <summary>Cancels a cycle outright (requests in flight are abandoned).</summary>
    public CancellationToken Aborted => _abort.Token;

    /// <summary>Asks a cycle to stop once its current page is written.</summary>
    public CancellationToken Draining => _drain.Token;

    /// <summary>Cuts a page's hand-over to the output (its lines still queued are taken back).</summary>
    public CancellationToken Cut => _cut.Token;

    /// <summary>Either stop: ends the waits between cycles.</summary>
    public CancellationToken Stopping => _either.Token;

    public Task Task { get; set; } = Task.CompletedTask;

    /// <summary>
    /// A reload stopped waiting for this loop's cycle (its plugin's code does not return): the source it polled
    /// is off the board, or on it for the runner that replaced this one, so the cycle's late outcome is not shown.
    /// </summary>
    public bool GivenUp
    {
        get => Volatile.Read(ref _givenUp);
        set => Volatile.Write(ref _givenUp, value);
    }

    private bool _givenUp;

    public void Drain() => _drain.Cancel();

    public void Abort()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Stopped meanwhile.
        }
    }

    /// <summary>Aborts the cycle and cuts its page's hand-over too (a drain's grace is over).</summary>
    public void CutAll()
    {
        Abort();
        try
        {
            _cut.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Stopped meanwhile.
        }
    }

    public void Dispose()
    {
        _cut.Dispose();
        _either.Dispose();
        _drain.Dispose();
        _abort.Dispose();
        CycleLock.Dispose();
    }
}
