namespace Helr.Kernel.Output;

/// <summary>
/// One page handed to the output: its rendered lines and the task a source awaits before it may
/// checkpoint the page. The task completes once every line was written and flushed, dropped and
/// counted, or stored durably in the disk buffer; it fails when output failed first.
/// Counters are changed only under the output writer's lock.
/// </summary>
internal sealed class PageTicket(string source, ReadOnlyMemory<byte> lines, PendingCount? pending, PageLines? recycleWhenDone = null, ReadOnlyMemory<int> lineEnds = default)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Set together with _done, under the writer's lock: the pages of one write batch are all
    // acknowledged before any source's continuation runs (a checkpoint can see its successor written).
    private readonly TaskCompletionSource<PageAck> _ack = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Source { get; } = source;

    public ReadOnlyMemory<byte> Lines { get; } = lines;

    /// <summary>How many lines the page has: as the renderer recorded them, else its newlines (and a last line without one).</summary>
    public int CountLines()
    {
        if (!lineEnds.IsEmpty) return lineEnds.Length;
        var span = Lines.Span;
        return span.Count((byte)'\n') + (span[^1] == (byte)'\n' ? 0 : 1);
    }

    /// <summary>
    /// The length of the line that starts at <paramref name="pos"/> (its newline included, or the rest of
    /// the page). <paramref name="line"/> is the index of a line at or before it; it moves to this one.
    /// </summary>
    public int LineLength(int pos, ref int line)
    {
        var ends = lineEnds.Span;
        if (!ends.IsEmpty)
        {
            while (ends[line] <= pos) line++;
            return ends[line] - pos;
        }
        var len = Lines.Span[pos..].IndexOf((byte)'\n') + 1;
        return len == 0 ? Lines.Length - pos : len;
    }

    /// <summary>The source's pending-events series; null when nothing records the metrics.</summary>
    public PendingCount? Pending { get; } = pending;

    /// <summary>Lines not yet disposed of, plus one held by the producer until all lines are admitted.</summary>
    public int Remaining { get; private set; } = 1;

    // Lines still read from the page's memory (queued, or taken but not yet written), plus the producer's hold.
    private int _readable = 1;

    private void RecycleMemory()
    {
        var lines = recycleWhenDone;
        recycleWhenDone = null;
        lines?.Recycle();
    }

    public Task Done => _done.Task;

    /// <summary>As <see cref="Done"/>, but never faults: a failure is a <see cref="PageOutcome.Failed"/> acknowledgement.</summary>
    public Task<PageAck> Acknowledged => _ack.Task;

    /// <summary>At least one line was dropped by policy (and counted).</summary>
    public bool Dropped { get; private set; }

    public void MarkDropped() => Dropped = true;

    public void Add(int lines = 1)
    {
        Remaining += lines;
        _readable += lines;
        Pending?.Up(lines);
    }

    /// <summary>
    /// <paramref name="lines"/> lines are no longer read from the page's memory: written to the sink (the
    /// sync may still be running), dropped or spilled. Once none is left, and the producer has admitted
    /// them all, the memory goes back to the pool: a page written on without a sync need not be held
    /// until the sync, while it is still unacknowledged.
    /// </summary>
    public void Unread(int lines)
    {
        _readable -= lines;
        if (_readable == 0) RecycleMemory();
    }

    /// <summary>One line written, dropped or spilled; true when that completed the page.</summary>
    public bool Dispose(int lines = 1, bool counted = true)
    {
        if (Remaining <= 0) return false;
        Remaining -= lines;
        if (counted) Pending?.Down(lines);
        if (Remaining > 0) return false;
        // No line of the page is read any more: its memory goes back to the pool (if Unread did not already).
        RecycleMemory();
        _ack.TrySetResult(Dropped ? PageAck.Dropped : PageAck.Written);
        _done.TrySetResult();
        return true;
    }

    /// <summary>The producer's hold: released once every line of the page has been admitted.</summary>
    public bool Release()
    {
        _holding = false;
        Unread(1);
        return Dispose(1, counted: false);
    }

    /// <summary>
    /// The producer's hand-over was cut (<see cref="Withdraw"/>): its lines still queued are not written.
    /// Set under the output lock; the writer thread may read it without.
    /// </summary>
    public bool Withdrawn => Volatile.Read(ref _withdrawn);

    private bool _withdrawn;

    /// <summary>True while the producer still admits the page's lines (it holds the page).</summary>
    public bool Admitting => _holding && !_done.Task.IsCompleted;

    private bool _holding = true;

    /// <summary>
    /// Under the output lock: the page will not be handed over whole, so it is never acknowledged (its
    /// source does not checkpoint it and fetches it again). Its lines not yet taken by the writer are
    /// not written, so that what repeats is only what the consumer already received.
    /// </summary>
    public void Withdraw()
    {
        Volatile.Write(ref _withdrawn, true);
        Fail(new OperationCanceledException("the page's hand-over to the output was cut"));
    }

    public void Fail(Exception error)
    {
        if (Remaining > 0) Pending?.Down(Remaining - 1);
        Remaining = 0;
        // A failed page's memory is left to the collector: a line of it may still be referenced.
        recycleWhenDone = null;
        _ack.TrySetResult(new PageAck(PageOutcome.Failed, error));
        _done.TrySetException(error);
    }
}
