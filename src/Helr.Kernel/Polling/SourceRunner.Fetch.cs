using System.Runtime.ExceptionServices;
using Helr.Kernel.Http;
using Helr.Kernel.State;
using Helr.Kernel.State.Leases;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;
using static Helr.Kernel.Text.UrlText;

namespace Helr.Kernel.Polling;

// Fetching a page for the cycle: request failures as poll errors (or the cycle's recovery from an
// oversized body), and a page's identity for stall tracking.
internal sealed partial class SourceRunner
{
    private async Task<(PageResponse, IEventScanner?)> FetchAsync(PageRequest request, PageBuffer buffer, PageStream? stream, CancellationToken ct)
    {
        try
        {
            return await _http.FetchPageAsync(request, buffer, ct, _extractor.StartScan, stream is null ? null : stream.Attempt);
        }
        catch (WindowFailedException ex)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException!);
            throw; // not reached
        }
        catch (HttpRequestException ex)
        {
            throw new PollException($"request to {Redact(request.Url)} failed: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new PollException($"request to {Redact(request.Url)} timed out", ex);
        }
    }

    // The page the cycle asked for last. A body over max_response_bytes goes to the cycle, which may
    // recover (ask for a smaller range): failing would only ask for the same page again next cycle, for
    // good. Then no response comes back, only the cycle's step; nothing of the page was written.
    private async Task<(PageResponse Response, IEventScanner? Scanner, PageStep? Recovery)> TakeAsync(PagePrefetch prefetch, IPollCycle cycle, PageRequest request)
    {
        try
        {
            var (response, scanner) = await prefetch.TakeAsync();
            // The renewal found the lease taken by another instance while the page was on its way: that one
            // polls the source now, from the stored position, and writes this page itself. Without this the
            // cycle went on until a checkpoint was refused (end_of_tick: its whole traversal), writing each page twice.
            if (_store is LeaseFencedStateStore fenced && !fenced.Holds(_source.Id)) throw new LeaseLostException(_source.Id);
            return (response, scanner, null);
        }
        catch (ResponseTooLargeException ex)
        {
            // Not in an exception filter: one the plugin throws there would be swallowed, not fail the cycle.
            var recovery = cycle.OnResponseTooLarge(request, ex.Limit);
            if (recovery is null) throw;
            PluginStepCheck.Page(recovery, "OnResponseTooLarge", _source);
            _log.Warning("response from {Url} exceeds max_response_bytes ({Limit} bytes): the source asks for a smaller page instead", _extractor.Shown(request.Url), ex.Limit);
            return (null!, null, recovery);
        }
    }

    // Same method, URL and body: the same page asked for again.
    private static string PageIdentity(PageRequest request) =>
        $"{request.Method} {request.Url.AbsoluteUri} {(request.JsonBody is { } body ? Convert.ToBase64String(body.Span) : "")}";
}
