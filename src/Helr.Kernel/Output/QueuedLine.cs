namespace Helr.Kernel.Output;

/// <summary>One queued line: a slice of its page's buffer.</summary>
internal readonly record struct QueuedLine(PageTicket Ticket, int Start, int Length, long EnqueuedAt)
{
    public ReadOnlySpan<byte> Span => Ticket.Lines.Span.Slice(Start, Length);
}
