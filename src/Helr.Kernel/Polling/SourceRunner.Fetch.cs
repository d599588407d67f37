using System.Runtime.ExceptionServices;
using Helr.Kernel.Http;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using static Helr.Kernel.Text.UrlText;

namespace Helr.Kernel.Polling;

// Fetching a page for the cycle: request failures as poll errors, and a page's identity for stall tracking.
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

    // Same method, URL and body: the same page asked for again.
    private static string PageIdentity(PageRequest request) =>
        $"{request.Method} {request.Url.AbsoluteUri} {(request.JsonBody is { } body ? Convert.ToBase64String(body.Span) : "")}";
}
