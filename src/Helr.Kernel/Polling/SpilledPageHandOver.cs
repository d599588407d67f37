using Helr.Kernel.Output;

namespace Helr.Kernel.Polling;

/// <summary>
/// Hands a spilled page to the output in parts, in the background while the next page is read and
/// rendered. At most <c>outputBytes</c> of its parts wait in the output at once, so the page does not
/// fill the output queue while the next one streams. Any failure (a submit that throws, a part the
/// output failed) ends the hand-over: no later part is submitted, <see cref="Submitted"/> faults (the
/// next page's lines wait for it, so they never go out after a page that did not), and the receipt
/// says <see cref="PageOutcome.Failed"/>.
/// </summary>
internal sealed class SpilledPageHandOver
{
    private readonly TaskCompletionSource _submitted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action _failed;

    private SpilledPageHandOver(Action failed) => _failed = failed;

    /// <summary>Completes once every part is in the output; faults when the hand-over failed.</summary>
    public Task Submitted => _submitted.Task;

    /// <summary>The page's receipt: like every receipt, its acknowledgement never faults.</summary>
    public PageReceipt Receipt { get; private set; } = PageReceipt.Written;

    /// <summary>
    /// Starts handing <paramref name="spool"/> (now owned by the hand-over) to <paramref name="output"/>;
    /// <paramref name="failed"/> runs once if the page does not reach the output whole.
    /// </summary>
    public static SpilledPageHandOver Start(IPageOutput output, string source, PageSpool spool, int outputBytes, Action failed, CancellationToken ct)
    {
        var handOver = new SpilledPageHandOver(failed);
        handOver.Receipt = new PageReceipt(handOver.RunAsync(output, source, spool, outputBytes, ct));
        return handOver;
    }

    private async Task<PageAck> RunAsync(IPageOutput output, string source, PageSpool spool, int outputBytes, CancellationToken ct)
    {
        var receipts = new List<PageReceipt>();
        try
        {
            using (spool)
            {
                var waiting = new Queue<(PageReceipt Receipt, int Bytes)>();
                var outstanding = 0L;
                foreach (var part in spool.Parts())
                {
                    while (outstanding > 0 && outstanding + part.WrittenCount > outputBytes && waiting.TryDequeue(out var oldest))
                    {
                        var ack = await oldest.Receipt.Acknowledged;
                        if (ack.Failure is not null) return Fail(ack.Failure);
                        outstanding -= oldest.Bytes;
                    }
                    var bytes = part.WrittenCount;
                    var receipt = await output.SubmitAsync(source, part, ct);
                    receipts.Add(receipt);
                    waiting.Enqueue((receipt, bytes));
                    outstanding += bytes;
                }
            }
        }
        catch (Exception ex)
        {
            // Not rethrown: a receipt never faults, and the checkpoint chain stops at a Failed page.
            return Fail(ex);
        }
        _submitted.TrySetResult();
        var result = await AllAcknowledgedAsync(receipts);
        if (result.Failure is not null) _failed();
        return result;
    }

    private PageAck Fail(Exception error)
    {
        _failed();
        _submitted.TrySetException(error);
        return new PageAck(PageOutcome.Failed, error);
    }

    // The checkpoint waits for every part, not only the last: a part dropped by policy is acknowledged
    // before the parts queued ahead of it are written.
    private static async Task<PageAck> AllAcknowledgedAsync(List<PageReceipt> receipts)
    {
        var result = PageAck.Written;
        foreach (var receipt in receipts)
        {
            var ack = await receipt.Acknowledged;
            if (ack.Failure is not null) return ack;
            if (ack.Outcome != PageOutcome.Written) result = ack;
        }
        return result;
    }
}
