using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;

namespace Helr.Kernel.Output;

/// <summary>
/// What the parts of one output (admission, the writer thread, the spiller) share under one lock:
/// the pages admitted and not yet done, the first failure, whether the run is completing, and the
/// load signal. One lock because every part changes the same page tickets.
/// </summary>
internal sealed class OutputState(Telemetry telemetry, OutputLoad load)
{
    private readonly HashSet<PageTicket> _live = new();

    public object Lock { get; } = new();

    public Telemetry Telemetry => telemetry;

    public OutputLoad Load => load;

    /// <summary>The failure that stopped output; read under <see cref="Lock"/>.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>No more pages come; the writer stops once memory (and, when <see cref="DrainDisk"/>, the disk buffer) is written.</summary>
    public bool Completing { get; private set; }

    public bool DrainDisk { get; private set; } = true;

    public PageTicket Open(string source, ReadOnlyMemory<byte> lines, PageLines? recycleWhenDone, ReadOnlyMemory<int> lineEnds = default)
    {
        var ticket = new PageTicket(source, lines, telemetry.Recording ? PendingCount.For(telemetry, source) : null, recycleWhenDone, lineEnds);
        lock (Lock)
        {
            ThrowIfFailed();
            _live.Add(ticket);
        }
        return ticket;
    }

    /// <summary>The producer has admitted every line of the page (or gave up): its hold is released.</summary>
    public void Admitted(PageTicket ticket)
    {
        lock (Lock)
        {
            if (!ticket.Done.IsCompleted && ticket.Release()) _live.Remove(ticket);
        }
    }

    /// <summary>
    /// Under <see cref="Lock"/>: the producer's hand-over of the page was cut while it still admitted
    /// lines (<see cref="PageTicket.Withdraw"/>); false when it had finished (or output failed) first.
    /// </summary>
    public bool Withdraw(PageTicket ticket)
    {
        if (!ticket.Admitting) return false;
        ticket.Withdraw();
        _live.Remove(ticket);
        return true;
    }

    /// <summary>Under <see cref="Lock"/>: a line left the queue, written (reason null), dropped (counted first) or spilled.</summary>
    public void Dispose(QueuedLine line, string? dropReason)
    {
        if (dropReason is not null) Dropped(line.Ticket, dropReason);
        line.Ticket.Unread(1);
        if (line.Ticket.Dispose()) _live.Remove(line.Ticket);
    }

    /// <summary>Under <see cref="Lock"/>: <paramref name="lines"/> lines of the page were written.</summary>
    public void Written(PageTicket ticket, int lines)
    {
        if (ticket.Dispose(lines)) _live.Remove(ticket);
    }

    /// <summary>Under <see cref="Lock"/>: a line of the page is dropped by policy; counted before the page can be acknowledged.</summary>
    public void Dropped(PageTicket ticket, string reason)
    {
        ticket.MarkDropped();
        telemetry.Emit(new EventsDropped(ticket.Source, reason));
    }

    public void ThrowIfFailed()
    {
        if (Failure is not null) throw new OutputFailedException(Failure);
    }

    /// <summary>Under <see cref="Lock"/>: stop accepting pages.</summary>
    public bool Complete(bool drainDisk)
    {
        if (Completing) return false;
        Completing = true;
        DrainDisk = drainDisk;
        return true;
    }

    /// <summary>Under <see cref="Lock"/>: records the first failure and fails every page not yet done; false when output had failed already.</summary>
    public bool Fail(Exception error)
    {
        if (Failure is not null) return false;
        Failure = error;
        var failed = new OutputFailedException(error);
        foreach (var ticket in _live) ticket.Fail(failed);
        _live.Clear();
        load.Release();
        return true;
    }
}
