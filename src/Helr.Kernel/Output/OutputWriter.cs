using System.Threading.Channels;
using Helr.Kernel.Config;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;
using Serilog;

namespace Helr.Kernel.Output;

// long because: admission (block, drop, disk spill), the queue and the load signal share one lock; the writer thread, spill and leftover parts are already in OutputWriter.*.cs.
/// <summary>
/// The one writer of the output. Sources hand it whole pages of NDJSON lines
/// (<see cref="EnqueueAsync"/>); lines wait in a bounded queue and one thread writes them to the sink.
/// Admission applies the backpressure strategy: block waits for room, drop discards a line and
/// counts it, disk_buffer moves the backlog to disk. The task returned for a page completes once
/// each of its lines was written and flushed, dropped and counted, or fsynced to the disk buffer;
/// only then may the source checkpoint it. The first write failure (EPIPE) is fatal: every pending
/// page fails with it.
/// </summary>
internal sealed partial class OutputWriter : IPageOutput, IOutputLoad, IAsyncDisposable
{
    private readonly ILineSink _sink;
    private readonly OutputLimits _limits;
    private readonly DiskBuffer? _disk;
    private DiskBuffer? _leftover;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Telemetry _telemetry;
    private readonly object _lock = new();
    private readonly LineQueue _queue = new();
    private readonly HashSet<PageTicket> _live = new();
    private readonly Random _random = new();
    private readonly Thread _writer;
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _spaceFreed = NewSignal();
    private readonly OutputLoad _load;
    private bool _completing;
    private bool _drainDisk = true;
    private Exception? _failure;

    public OutputWriter(ILineSink sink, OutputLimits limits, DiskBuffer? disk, TimeProvider time, ILogger log, Telemetry? telemetry = null)
    {
        _telemetry = telemetry ?? Telemetry.Create(log, time);
        _sink = sink;
        _limits = limits;
        _disk = limits.Strategy == BackpressureStrategy.DiskBuffer ? disk : null;
        _time = time;
        _log = log;
        _load = new OutputLoad(limits, time, log);
        if (_disk is null && disk is not null) AdoptLeftover(disk);
        if (_disk is not null) StartSpiller();
        _writer = new Thread(WriterLoop) { IsBackground = true, Name = "helr-output" };
        _writer.Start();
    }

    public string Description => _sink.Description;

    public OutputLimits Limits => _limits;

    /// <summary>The failure that stopped output, if any.</summary>
    public Exception? Failure { get { lock (_lock) return _failure; } }

    /// <summary>True while the queue is full (or spilling) and until it drains below 75 % of its limits.</summary>
    public bool UnderLoad { get { lock (_lock) return _load.Active; } }

    /// <summary>Completes when the output is no longer under load.</summary>
    public Task WhenLoadClearedAsync(CancellationToken ct)
    {
        lock (_lock) return _load.WhenClearedAsync(ct);
    }

    /// <summary>Admits and then waits for the page to be written (for callers that do not pipeline).</summary>
    public async Task WriteAsync(string source, ReadOnlyMemory<byte> lines, CancellationToken ct = default) =>
        await await EnqueueAsync(source, lines, ct);

    /// <summary>
    /// Admits the page's lines to the queue (waiting for room under block, for the disk under
    /// disk_buffer) and returns the task that completes when the page may be checkpointed.
    /// </summary>
    public async Task<Task> EnqueueAsync(string source, ReadOnlyMemory<byte> lines, CancellationToken ct = default) =>
        (await AdmitAsync(source, lines, null, ct))?.Done ?? Task.CompletedTask;

    public async Task<PageReceipt> SubmitAsync(string source, PageLines page, CancellationToken ct)
    {
        // Not under disk_buffer: lines being written when spilling begins are also copied to disk, and
        // the spiller may complete their page while the writer still reads them.
        var ticket = await AdmitAsync(source, page.WrittenMemory, _disk is null ? page : null, ct);
        if (ticket is not null) return new PageReceipt(ticket.Acknowledged);
        page.Recycle();
        return PageReceipt.Written;
    }

    private async Task<PageTicket?> AdmitAsync(string source, ReadOnlyMemory<byte> lines, PageLines? recycleWhenDone, CancellationToken ct)
    {
        if (lines.IsEmpty) return null;
        var ticket = new PageTicket(source, lines, _telemetry.Metrics.Pending.WithLabels(source), recycleWhenDone);
        lock (_lock)
        {
            ThrowIfFailed();
            _live.Add(ticket);
        }
        try
        {
            if (_disk is not null) await AdmitPageAsync(ticket);
            else await AdmitLinesAsync(ticket, ct);
        }
        finally
        {
            lock (_lock)
            {
                if (!ticket.Done.IsCompleted && ticket.Release()) _live.Remove(ticket);
            }
        }
        return ticket;
    }

    private async Task AdmitLinesAsync(PageTicket ticket, CancellationToken ct)
    {
        var lines = ticket.Lines.Span;
        var count = lines.Count((byte)'\n') + (lines[^1] == (byte)'\n' ? 0 : 1);
        lock (_lock)
        {
            ThrowIfFailed();
            PurgeAged();
            // The usual case: the whole page fits, so admitting it line by line (a lock round trip per
            // line, against the writer taking the same lock) would decide nothing differently.
            if (Fits(count, lines.Length))
            {
                EnqueueAll(ticket);
                return;
            }
        }
        var pos = 0;
        while (pos < ticket.Lines.Length)
        {
            var len = ticket.Lines.Span[pos..].IndexOf((byte)'\n') + 1;
            if (len == 0) len = ticket.Lines.Length - pos;
            while (true)
            {
                Task wait;
                lock (_lock)
                {
                    ThrowIfFailed();
                    PurgeAged();
                    if (_queue.Count == 0 && _limits.Strategy == BackpressureStrategy.Block)
                    {
                        // An empty queue takes the rest of the page: its lines are slices of a buffer that exists
                        // anyway, and admitting line by line against a small byte limit costs a thread hand-off per few lines.
                        len = EnqueueRest(ticket, pos);
                        break;
                    }
                    if (!IsFull(len))
                    {
                        Enqueue(new QueuedLine(ticket, pos, len, _time.GetTimestamp()));
                        break;
                    }
                    EnterLoad("queue full");
                    if (_limits.Strategy == BackpressureStrategy.Drop)
                    {
                        if (DropFor(ticket)) break;
                        continue;
                    }
                    wait = _spaceFreed.Task;
                }
                await wait.WaitAsync(ct);
            }
            pos += len;
        }
    }

    private int EnqueueAll(PageTicket ticket) => EnqueueRest(ticket, 0);

    // Enqueues the lines from <start> to the end of the page; returns how many bytes that was.
    private int EnqueueRest(PageTicket ticket, int start)
    {
        var pos = start;
        var now = _time.GetTimestamp();
        var lines = ticket.Lines.Span;
        var count = 0;
        while (pos < lines.Length)
        {
            var len = lines[pos..].IndexOf((byte)'\n') + 1;
            if (len == 0) len = lines.Length - pos;
            _queue.Enqueue(new QueuedLine(ticket, pos, len, now));
            pos += len;
            count++;
        }
        ticket.Add(count);
        WakeWriter();
        return pos - start;
    }

    // Makes room for an incoming line of <incoming>'s page; true when the incoming line itself was dropped.
    private bool DropFor(PageTicket incoming)
    {
        var victim = DropVictim.Choose(_limits.DropPolicy, _queue.Count, _random);
        if (victim < 0)
        {
            incoming.MarkDropped();
            _telemetry.Emit(new EventsDropped(incoming.Source, EventsDropped.Backpressure));
            return true;
        }
        DisposeLine(_queue.RemoveAt(victim), EventsDropped.Backpressure);
        return false;
    }

    private bool Fits(int lines, long bytes) =>
        _queue.Count + lines <= _limits.EventQueueSize
        && (_limits.QueueBytes == 0 || _queue.Bytes + bytes <= _limits.QueueBytes)
        && !MemoryOver();

    private bool IsFull(long len)
    {
        if (_queue.Count == 0) return false; // an empty queue takes any line, or nothing could ever move
        if (_queue.Count >= _limits.EventQueueSize) return true;
        if (_limits.QueueBytes > 0 && _queue.Bytes + len > _limits.QueueBytes) return true;
        return MemoryOver();
    }

    private void Enqueue(QueuedLine line)
    {
        _queue.Enqueue(line);
        line.Ticket.Add();
        WakeWriter();
    }

    // One pulse wakes the writer; it cannot run before this lock is released anyway.
    private void WakeWriter()
    {
        if (!_writerWaiting) return;
        _writerWaiting = false;
        Monitor.Pulse(_lock);
    }

    private void PurgeAged()
    {
        if (_limits.MaxQueueAge is not { } max) return;
        while (_queue.Count > 0 && _time.GetElapsedTime(_queue[0].EnqueuedAt) >= max)
            DisposeLine(_queue.Dequeue(), EventsDropped.MaxQueueAge);
    }

    // A line leaves the queue: written and flushed (reason null), dropped (counted first), or spilled.
    private void DisposeLine(QueuedLine line, string? dropReason)
    {
        if (dropReason is not null)
        {
            line.Ticket.MarkDropped();
            _telemetry.Emit(new EventsDropped(line.Ticket.Source, dropReason));
        }
        if (line.Ticket.Dispose()) _live.Remove(line.Ticket);
    }

    private void EnterLoad(string why) => _load.Enter(why, _queue.Count, _queue.Bytes);

    private void CheckLoadCleared()
    {
        if (!_spilling) _load.CheckCleared(_queue.Count, _queue.Bytes);
    }

    private void SignalSpace()
    {
        var freed = _spaceFreed;
        _spaceFreed = NewSignal();
        freed.TrySetResult();
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null) throw new OutputFailedException(_failure);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
