using Helr.Kernel.Config;
using Helr.Kernel.Output;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Polling;

// Pages streamed to an IStreamingPollCycle (docs/performance.md): their lines wait in a spool until
// the page is known to parse, then go to the output in parts, and the checkpoint waits for all of them.
internal sealed partial class SourceRunner
{
    // Completes once the last spilled page's parts are all in the output (SubmitPartsAsync).
    private Task _submitted = Task.CompletedTask;

    // Disposed with the runner, after its last cycle (and every page handed over in the background) ended.
    private readonly SpoolFiles _spoolFiles = new(() => StreamingLimits.SpoolDirectory);

    // Large pages of this cycle may be streamed: the cycle opts in, the extractor can hand events out
    // as they are found, UTF-8 is checked strictly (a repair rewrites the whole body) and nothing records bodies.
    private PageStream? StreamFor(IPollCycle cycle) =>
        cycle is IStreamingPollCycle streaming && _extractor.StartScan is not null && _source.Settings.OnInvalidUtf8 == InvalidUtf8Policy.Strict && !_http.Records
            ? new PageStream(streaming, _renderer, _spoolFiles, _log)
            : null;

    private async Task<(PageStep Step, PageReceipt Flushed, int Written, int Duplicates)> StreamedPageAsync(
        PageStream stream, IStreamingPollCycle cycle, PageResponse response, CheckpointChain chain, CancellationToken ct)
    {
        var read = stream.Read!.Value;
        var (page, spool, count) = stream.Take();
        try
        {
            // Under on_parse_error: fail this throws, and the spool goes with nothing of it written.
            if (read.ParseError is { } error) _extractor.ParseFailed(response, error);
            var step = cycle.OnStreamedPage(new StreamedPage { Response = response, BodyLength = read.Length, EventCount = count, ParseError = read.ParseError });
            if (step.Events is not null || step.Drop.Count > 0 || step.EventIds is not null)
                throw new InvalidOperationException("the step of a streamed page must leave Drop, EventIds and Events empty: its windows said which events to write");
            if (read.ParseError is not null || page is null || spool is null)
            {
                _renderer.End(_renderer.Begin(response.Url), response.Url);
                return (step, PageReceipt.Written, 0, 0);
            }
            _renderer.End(page, response.Url);
            _log.Debug("page from {Url} was streamed: {Bytes} bytes, {Events} events, its lines {Where}", Text.UrlText.Redact(response.Url), read.Length, count,
                spool.Spilled ? "spilled to a temporary file" : "held in memory");
            await chain.CatchUpAsync();
            await _submitted;
            // As for a page read whole: its ids count as seen once the output has the page (or will, below).
            _dedupe?.Accept(page.Ids);
            if (!spool.Spilled)
            {
                var flushed = await _output.SubmitAsync(_source.Id, spool.Parts().Single(), ct);
                return (step, flushed, page.Written, page.Duplicates);
            }
            // A spilled page is handed over in the background while the next page is read and rendered;
            // the next page's lines wait for it (_submitted), and its checkpoint for all of its parts.
            var submitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _submitted = submitted.Task;
            var handed = spool;
            spool = null;
            return (step, new PageReceipt(SubmitPartsAsync(handed, submitted, ct)), page.Written, page.Duplicates);
        }
        finally
        {
            // Not when handed over (then null here): SubmitPartsAsync disposes it.
            spool?.Dispose();
        }
    }

    // Parts of a spilled page enter the output a few at a time (StreamingLimits.OutputBytes): a page
    // does not fill the output queue while the next one streams.
    private async Task<PageAck> SubmitPartsAsync(PageSpool spool, TaskCompletionSource submitted, CancellationToken ct)
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
                    while (outstanding > 0 && outstanding + part.WrittenCount > StreamingLimits.OutputBytes && waiting.TryDequeue(out var oldest))
                    {
                        await oldest.Receipt.Acknowledged;
                        outstanding -= oldest.Bytes;
                    }
                    var bytes = part.WrittenCount;
                    var receipt = await _output.SubmitAsync(_source.Id, part, ct);
                    receipts.Add(receipt);
                    waiting.Enqueue((receipt, bytes));
                    outstanding += bytes;
                }
            }
            submitted.TrySetResult();
        }
        catch (Exception ex)
        {
            // The page's ids were accepted before all of it was handed over: the dedupe window is read
            // again from the store, which holds only the ids of checkpointed pages.
            _dedupe?.Invalidate();
            submitted.TrySetException(ex);
            throw;
        }
        return await AllAcknowledgedAsync(receipts);
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
