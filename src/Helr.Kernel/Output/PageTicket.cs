using Prometheus;

namespace Helr.Kernel.Output;

/// <summary>
/// One page handed to the output: its rendered lines and the task a source awaits before it may
/// checkpoint the page. The task completes once every line was written and flushed, dropped and
/// counted, or stored durably in the disk buffer; it fails when output failed first.
/// Counters are changed only under the output writer's lock.
/// </summary>
internal sealed class PageTicket(string source, ReadOnlyMemory<byte> lines, Gauge.Child pending)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Source { get; } = source;

    public ReadOnlyMemory<byte> Lines { get; } = lines;

    public Gauge.Child Pending { get; } = pending;

    /// <summary>Lines not yet disposed of, plus one held by the producer until all lines are admitted.</summary>
    public int Remaining { get; private set; } = 1;

    public Task Done => _done.Task;

    public void Add(int lines = 1)
    {
        Remaining += lines;
        Pending.Inc(lines);
    }

    /// <summary>One line written, dropped or spilled; true when that completed the page.</summary>
    public bool Dispose(int lines = 1, bool counted = true)
    {
        if (Remaining <= 0) return false;
        Remaining -= lines;
        if (counted) Pending.Dec(lines);
        if (Remaining > 0) return false;
        _done.TrySetResult();
        return true;
    }

    /// <summary>The producer's hold: released once every line of the page has been admitted.</summary>
    public bool Release() => Dispose(1, counted: false);

    public void Fail(Exception error)
    {
        if (Remaining > 0) Pending.Dec(Remaining - 1);
        Remaining = 0;
        _done.TrySetException(error);
    }
}

/// <summary>One queued line: a slice of its page's buffer.</summary>
internal readonly record struct QueuedLine(PageTicket Ticket, int Start, int Length, long EnqueuedAt)
{
    public ReadOnlySpan<byte> Span => Ticket.Lines.Span.Slice(Start, Length);
}
