using System.Threading.Channels;
using Helr.Kernel.Config;
using Helr.Kernel.Observability.Telemetry.Events;

namespace Helr.Kernel.Output;

/// <summary>
/// The queue when a bounded Channel's own full modes are exactly the policy: backpressure on with a
/// limit on lines only (<c>stdout_buffer_size: 0</c>, no <c>memory_threshold_mb</c>, no
/// <c>max_queue_age_secs</c>) and strategy <c>block</c> (FullMode Wait), or <c>drop</c> with
/// <c>oldest_first</c> (DropOldest) or <c>newest_first</c> (DropWrite, which drops the incoming line;
/// the channel's DropNewest would drop the newest queued one instead). Each dropped line comes back
/// through the channel's itemDropped callback, which counts it before its page can be acknowledged.
/// </summary>
internal sealed class ChannelQueue : MemoryQueue
{
    private readonly Channel<QueuedLine> _channel;
    private long _bytes; // queued bytes, for the load log line only (there is no byte limit here)

    public ChannelQueue(OutputState state, OutputLimits limits) : base(state)
    {
        var options = new BoundedChannelOptions(limits.EventQueueSize)
        {
            SingleReader = true,
            FullMode = limits.Strategy == BackpressureStrategy.Block ? BoundedChannelFullMode.Wait
                : limits.DropPolicy == DropPolicy.NewestFirst ? BoundedChannelFullMode.DropWrite : BoundedChannelFullMode.DropOldest,
        };
        _channel = Channel.CreateBounded<QueuedLine>(options, OnDropped);
    }

    /// <summary>True when the limits are a line count and block, oldest_first or newest_first: what a bounded Channel does by itself.</summary>
    public static bool Serves(OutputLimits limits) =>
        limits.BackpressureEnabled && limits.QueueBytes == 0 && limits.MemoryThresholdBytes is null && limits.MaxQueueAge is null
        && (limits.Strategy == BackpressureStrategy.Block
            || (limits.Strategy == BackpressureStrategy.Drop && limits.DropPolicy != DropPolicy.Random));

    public override async Task AdmitAsync(PageTicket ticket, CancellationToken ct)
    {
        var lines = ticket.Lines;
        var count = ticket.CountLines();
        lock (State.Lock)
        {
            State.ThrowIfFailed();
            ticket.Add(count);
        }
        var admitted = 0;
        try
        {
            var pos = 0;
            var index = 0;
            while (pos < lines.Length)
            {
                // Cut (Withdrawn): a line that still got in is skipped by Take.
                if (ticket.Withdrawn) throw new OperationCanceledException(ct);
                var len = ticket.LineLength(pos, ref index);
                var line = new QueuedLine(ticket, pos, len, 0);
                Interlocked.Add(ref _bytes, len);
                if (!_channel.Writer.TryWrite(line)) await WaitForRoomAsync(line, ct);
                admitted++;
                pos += len;
            }
        }
        finally
        {
            // Lines not admitted (cancelled, failed) are no longer owed by the page.
            if (admitted < count)
            {
                lock (State.Lock) State.Written(ticket, count - admitted);
            }
        }
    }

    public override NextWrite Take()
    {
        var reader = _channel.Reader;
        while (true)
        {
            // A drop between peek and read can hand over the next line instead: a batch may then exceed its size by one line.
            while (reader.TryPeek(out var next) && (next.Ticket.Withdrawn || Batch.Takes(next.Length)) && reader.TryRead(out next))
            {
                Interlocked.Add(ref _bytes, -next.Length);
                // A channel cannot give up a line from its middle: the lines of a page taken back are dropped here, unwritten.
                if (!next.Ticket.Withdrawn) Batch.Add(next);
            }
            lock (State.Lock)
            {
                if (State.Failure is not null) return NextWrite.Done;
                if (Batch.Count > 0)
                {
                    State.Load.CheckCleared(reader.Count, Volatile.Read(ref _bytes));
                    return NextWrite.Memory;
                }
            }
            if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult()) return NextWrite.Done;
        }
    }

    protected override bool HasWaitingLines => _channel.Reader.Count > 0;

    public override void Written()
    {
        lock (State.Lock)
        {
            Batch.Written(State);
            State.Load.CheckCleared(_channel.Reader.Count, Volatile.Read(ref _bytes));
        }
        Batch.Clear();
    }

    public override void Complete(bool drainDisk) => _channel.Writer.TryComplete();

    public override void Failed(Exception error) => _channel.Writer.TryComplete();

    private async Task WaitForRoomAsync(QueuedLine line, CancellationToken ct)
    {
        lock (State.Lock)
        {
            State.ThrowIfFailed();
            State.Load.Enter("queue full", _channel.Reader.Count, Volatile.Read(ref _bytes));
        }
        try
        {
            await _channel.Writer.WriteAsync(line, ct);
        }
        catch (ChannelClosedException)
        {
            lock (State.Lock) State.ThrowIfFailed();
            throw;
        }
    }

    // Called by the channel outside its own lock, for the oldest queued line (oldest_first) or the incoming one (newest_first).
    private void OnDropped(QueuedLine line)
    {
        Interlocked.Add(ref _bytes, -line.Length);
        lock (State.Lock)
        {
            if (State.Failure is not null || line.Ticket.Withdrawn) return; // a failed or withdrawn page is not counted as dropped
            State.Load.Enter("queue full", _channel.Reader.Count, Volatile.Read(ref _bytes));
            State.Dispose(line, EventsDropped.Backpressure);
        }
    }
}
