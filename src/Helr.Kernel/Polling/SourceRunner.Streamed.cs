using Helr.Kernel.Config;
using Helr.Kernel.Output;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Polling;

// Pages streamed to an IStreamingPollCycle (docs/performance.md): their lines wait in a spool until
// the page is known to parse, then go to the output in parts, and the checkpoint waits for all of them.
internal sealed partial class SourceRunner
{
    // Completes once the last spilled page's parts are all in the output (SpilledPageHandOver.Submitted).
    private Task _submitted = Task.CompletedTask;

    // Disposed with the runner, after its last cycle (and every page handed over in the background) ended.
    private readonly SpoolFiles _spoolFiles = new(() => StreamingLimits.SpoolDirectory);

    // Large pages of this cycle may be streamed: the cycle opts in, the extractor can hand events out
    // as they are found, UTF-8 is checked strictly (a repair rewrites the whole body) and nothing records bodies.
    private PageStream? StreamFor(IPollCycle cycle) =>
        cycle is IStreamingPollCycle streaming && _extractor.StartScan is not null && _source.Settings.OnInvalidUtf8 == InvalidUtf8Policy.Strict && !_http.Records
            ? new PageStream(streaming, _renderer, _spoolFiles, _log, _extractor.Shown)
            : null;

    private async Task<(PageStep Step, PageReceipt Flushed, int Written, int Duplicates)> StreamedPageAsync(
        PageStream stream, IStreamingPollCycle cycle, PageResponse response, CheckpointChain chain, CancellationToken ct, CancellationToken cut)
    {
        var read = stream.Read!.Value;
        var (page, spool, count) = stream.Take();
        try
        {
            if (read.ParseError is { } error)
            {
                // None of the windows' events is written: what max_line_bytes counted in them is not either.
                _renderer.Discard();
                // Under on_parse_error: fail this throws, and the spool goes with nothing of it written.
                _extractor.ParseFailed(response, error);
            }
            var step = PluginStepCheck.Page(cycle.OnStreamedPage(new StreamedPage { Response = response, BodyLength = read.Length, EventCount = count, ParseError = read.ParseError }),
                "OnStreamedPage", _source);
            if (step.Events is not null || step.Drop.Count > 0 || step.EventIds is not null)
                throw new InvalidOperationException("the step of a streamed page must leave Drop, EventIds and Events empty: its windows said which events to write");
            if (read.ParseError is not null || page is null || spool is null)
            {
                _renderer.End(_renderer.Begin(response.Url), response.Url);
                _renderer.Handed();
                return (step, PageReceipt.Written, 0, 0);
            }
            _renderer.End(page, response.Url);
            _log.Debug("page from {Url} was streamed: {Bytes} bytes, {Events} events, its lines {Where}", _extractor.Shown(response.Url), read.Length, count,
                spool.Spilled ? "spilled to a temporary file" : "held in memory");
            await chain.CatchUpAsync();
            await _submitted;
            // As for a page read whole: begun before the stop, the hand-over is cut only by cut (RunCycleAsync).
            ct.ThrowIfCancellationRequested();
            if (!spool.Spilled)
            {
                // As for a page read whole: its ids count as seen once the output took the page. Not before:
                // a submit cut off (the poll tick under block, a shutdown) must leave them unseen, or the
                // page, fetched again, would be dropped as duplicates.
                var flushed = await _output.SubmitAsync(_source.Id, spool.Parts().Single(), cut);
                _renderer.Handed();
                _dedupe?.Accept(page.Ids);
                return (step, flushed, page.Written, page.Duplicates);
            }
            // A spilled page's ids count as seen now, while its parts are still to be handed over: the next
            // page's windows must see them (docs/performance.md).
            var from = _dedupe?.Mark ?? 0;
            _dedupe?.Accept(page.Ids);
            // Counted as its ids: now, not once its last part is in (by then the next page has ended).
            _renderer.Handed();
            // A spilled page is handed over in the background while the next page is read and rendered;
            // the next page's lines wait for it (_submitted), and its checkpoint for all of its parts.
            // Should the hand-over fail, its ids are not seen after all (docs/performance.md).
            var handOver = SpilledPageHandOver.Start(_output, _source.Id, spool, StreamingLimits.OutputBytes, () => _dedupe?.Forget(from), cut);
            spool = null;
            _submitted = handOver.Submitted;
            return (step, handOver.Receipt, page.Written, page.Duplicates);
        }
        finally
        {
            // Not when handed over (then null here): the hand-over disposes it.
            spool?.Dispose();
        }
    }

    // After a failed cycle (CheckpointChain.SettleAsync): a spilled page may still be going to the
    // output; it ends first, as the next cycle's pages must not overtake it nor spill into its file.
    private async Task<Exception?> SettleAsync(CheckpointChain chain)
    {
        try
        {
            await _submitted;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The hand-over's failure reaches the cycle through its receipt.
        }
        return await chain.SettleAsync();
    }
}
