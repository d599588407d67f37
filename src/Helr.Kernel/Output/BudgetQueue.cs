using Helr.Kernel.Config;
using Helr.Kernel.Observability.Telemetry.Events;

namespace Helr.Kernel.Output;

/// <summary>
/// The hand-written queue, for the policies a bounded Channel cannot express: a byte budget
/// (<c>stdout_buffer_size</c>, and the fixed 8 MiB without backpressure), the process memory
/// threshold, <c>drop_policy: random</c> (removes a line from the middle), <c>max_queue_age_secs</c>
/// (drops lines by age) and <c>disk_buffer</c> (moves everything queued to disk at once). Each needs to
/// weigh lines by bytes or to see and remove any queued line; a Channel counts items and gives up only
/// its head or the incoming item. Everything here runs under the output lock.
/// </summary>
internal sealed class BudgetQueue(OutputState state, OutputLimits limits, TimeProvider time) : MemoryQueue(state)
{
    private readonly LineQueue _queue = new();
    private readonly QueueBudget _budget = new(limits, time);
    private readonly Random _random = new();
    private TaskCompletionSource _spaceFreed = NewSignal();
    private bool _writerWaiting;

    /// <summary>disk_buffer: a page that does not fit goes to the disk instead of waiting.</summary>
    public DiskSpill? Spill { get; set; }

    /// <summary>Nothing queued and nothing being written.</summary>
    public bool IsIdle => _queue.Count == 0 && Batch.Count == 0;

    public override Task AdmitAsync(PageTicket ticket, CancellationToken ct) =>
        Spill is not null ? Spill.AdmitAsync(ticket) : AdmitLinesAsync(ticket, ct);

    private async Task AdmitLinesAsync(PageTicket ticket, CancellationToken ct)
    {
        var count = ticket.CountLines();
        lock (State.Lock)
        {
            ThrowIfStopped(ticket, ct);
            PurgeAged();
            // The usual case: the whole page fits, so admitting it line by line (a lock round trip per
            // line, against the writer taking the same lock) would decide nothing differently.
            if (Fits(count, ticket.Lines.Length))
            {
                EnqueueAll(ticket);
                return;
            }
        }
        var pos = 0;
        var line = 0;
        while (pos < ticket.Lines.Length)
        {
            var len = ticket.LineLength(pos, ref line);
            while (true)
            {
                Task wait;
                lock (State.Lock)
                {
                    ThrowIfStopped(ticket, ct);
                    PurgeAged();
                    if (_queue.Count == 0 && limits.Strategy == BackpressureStrategy.Block)
                    {
                        // An empty queue takes the rest of the page: its lines are slices of a buffer that exists
                        // anyway, and admitting line by line against a small byte limit costs a thread hand-off per few lines.
                        len = EnqueueRest(ticket, pos);
                        break;
                    }
                    if (!_budget.IsFull(_queue, len))
                    {
                        _queue.Enqueue(new QueuedLine(ticket, pos, len, time.GetTimestamp()));
                        ticket.Add();
                        WakeWriter();
                        break;
                    }
                    EnterLoad("queue full");
                    if (limits.Strategy == BackpressureStrategy.Drop)
                    {
                        if (DropVictim.MakeRoom(limits.DropPolicy, _queue, _random, State, ticket)) break;
                        continue;
                    }
                    wait = _spaceFreed.Task;
                }
                await wait.WaitAsync(ct);
            }
            pos += len;
        }
    }

    public override void Withdrawn(PageTicket ticket) => _queue.RemoveAll(ticket); // the writer's next take signals the room

    /// <summary>Under the lock: true when <paramref name="lines"/> more lines of <paramref name="bytes"/> bytes fit.</summary>
    public bool Fits(int lines, long bytes) => _budget.Fits(_queue, lines, bytes);

    public void EnqueueAll(PageTicket ticket) => EnqueueRest(ticket, 0);

    // Enqueues the lines from <start> to the end of the page; returns how many bytes that was.
    private int EnqueueRest(PageTicket ticket, int start)
    {
        var pos = start;
        var now = time.GetTimestamp();
        var length = ticket.Lines.Length;
        var count = 0;
        var line = 0;
        while (pos < length)
        {
            var len = ticket.LineLength(pos, ref line);
            _queue.Enqueue(new QueuedLine(ticket, pos, len, now));
            pos += len;
            count++;
        }
        ticket.Add(count);
        WakeWriter();
        return pos - start;
    }

    /// <summary>Under the lock: drops (and counts) the lines that waited <c>max_queue_age_secs</c>.</summary>
    public void PurgeAged()
    {
        if (limits.MaxQueueAge is not { } max) return;
        while (_queue.Count > 0 && time.GetElapsedTime(_queue[0].EnqueuedAt) >= max)
            State.Dispose(_queue.Dequeue(), EventsDropped.MaxQueueAge);
    }

    /// <summary>Under the lock: everything queued leaves for <paramref name="backlog"/> (spilling to disk).</summary>
    public void MoveAllTo(List<QueuedLine> backlog)
    {
        while (_queue.Count > 0) backlog.Add(_queue.Dequeue());
        SignalSpace();
    }

    public void EnterLoad(string why) => State.Load.Enter(why, _queue.Count, _queue.Bytes);

    public override NextWrite Take()
    {
        lock (State.Lock)
        {
            while (true)
            {
                if (State.Failure is not null) return NextWrite.Done;
                PurgeAged();
                if (_queue.Count > 0)
                {
                    while (_queue.Count > 0 && Batch.Takes(_queue[0].Length)) Batch.Add(_queue.Dequeue());
                    SignalSpace();
                    CheckLoadCleared();
                    return NextWrite.Memory;
                }
                if (Batch.Count > 0) return NextWrite.Memory; // written, not yet synced (a drop emptied the queue meanwhile)
                if (Spill?.WhenMemoryEmpty() is { } fromDisk) return fromDisk;
                if (Spill is null && State.Completing) return NextWrite.Done;
                _writerWaiting = true;
                Monitor.Wait(State.Lock, 1000);
                _writerWaiting = false;
            }
        }
    }

    protected override bool HasWaitingLines => _queue.Count > 0;

    public override void Written()
    {
        lock (State.Lock)
        {
            // Lines also copied to the disk buffer when spilling began were acknowledged by that copy; skip it on disk.
            if (Batch.Mirrored) Spill!.SkipBytes += Batch.Bytes;
            else Batch.Written(State);
            Batch.Clear();
            SignalSpace();
            CheckLoadCleared();
        }
    }

    public override void Complete(bool drainDisk) => Monitor.PulseAll(State.Lock);

    public override void Failed(Exception error)
    {
        _spaceFreed.TrySetResult();
        Monitor.PulseAll(State.Lock);
    }

    public void CheckLoadCleared()
    {
        if (Spill is not { Spilling: true }) State.Load.CheckCleared(_queue.Count, _queue.Bytes);
    }

    // One pulse wakes the writer; it cannot run before the lock is released anyway.
    private void WakeWriter()
    {
        if (!_writerWaiting) return;
        _writerWaiting = false;
        Monitor.Pulse(State.Lock);
    }

    private void SignalSpace()
    {
        var freed = _spaceFreed;
        _spaceFreed = NewSignal();
        freed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
