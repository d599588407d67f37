namespace Helr.Kernel.Output;

/// <summary>
/// The lines waiting in memory for the one writer thread. Admission applies the backpressure strategy
/// (block, drop, disk spill) to each page a source hands in; the writer takes batches.
/// <see cref="ChannelQueue"/> where a bounded Channel's own modes are the policy (a line limit with
/// block, oldest_first or newest_first), <see cref="BudgetQueue"/> for what a Channel cannot do (byte
/// and memory budgets, random drop, age-out, disk spill).
/// </summary>
internal abstract class MemoryQueue(OutputState state)
{
    protected OutputState State { get; } = state;

    /// <summary>The lines the writer is writing now; owned by the writer thread.</summary>
    public WriteBatch Batch { get; } = new();

    /// <summary>Admits the page's lines (waiting for room under block); throws <see cref="OutputFailedException"/> once output failed.</summary>
    public abstract Task AdmitAsync(PageTicket ticket, CancellationToken ct);

    /// <summary>
    /// Under the output lock: the page was withdrawn (<see cref="PageTicket.Withdraw"/>); its lines still
    /// queued are not to be written. A queue that cannot remove them skips them as it takes them.
    /// </summary>
    public virtual void Withdrawn(PageTicket ticket)
    {
    }

    /// <summary>Under the output lock: throws once output failed, or once the page's hand-over was cut (no line may follow those taken back).</summary>
    protected void ThrowIfStopped(PageTicket ticket, CancellationToken ct)
    {
        State.ThrowIfFailed();
        if (ticket.Withdrawn) throw new OperationCanceledException(ct);
    }

    /// <summary>Writer thread: waits until there is something to write; fills <see cref="Batch"/> for <see cref="NextWrite.Memory"/>.</summary>
    public abstract NextWrite Take();

    /// <summary>Under the output lock: true when lines wait that the writer could write before it syncs.</summary>
    protected abstract bool HasWaitingLines { get; }

    /// <summary>
    /// Writer thread, between a write and its sync: the lines just written are no longer read
    /// (<see cref="WriteBatch.Wrote"/>). True when more lines wait, which the writer writes before it syncs.
    /// </summary>
    public bool Wrote()
    {
        lock (State.Lock)
        {
            Batch.Wrote();
            return HasWaitingLines;
        }
    }

    /// <summary>Writer thread: <see cref="Batch"/> was written (and synced); its pages are accounted for and the batch cleared.</summary>
    public abstract void Written();

    /// <summary>No more pages come: the writer stops once it has written what is queued.</summary>
    public abstract void Complete(bool drainDisk);

    /// <summary>Under the output lock: output failed, so producers waiting for room stop waiting.</summary>
    public abstract void Failed(Exception error);
}
