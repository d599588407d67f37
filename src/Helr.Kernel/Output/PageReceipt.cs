namespace Helr.Kernel.Output;

/// <summary>
/// A page the output admitted. <see cref="Acknowledged"/> completes (never faults) once each line
/// was written and flushed, dropped by policy and counted, or stored durably in the disk buffer; or
/// with <see cref="PageOutcome.Failed"/> when output failed first, or when a page handed over in
/// parts could not be handed over whole (<see cref="Polling.SpilledPageHandOver"/>: a submit threw).
/// </summary>
internal sealed class PageReceipt(Task<PageAck> acknowledged)
{
    public static readonly PageReceipt Written = new(Task.FromResult(PageAck.Written));

    public Task<PageAck> Acknowledged { get; } = acknowledged;
}
