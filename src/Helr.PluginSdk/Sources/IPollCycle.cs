using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;

namespace Helr.PluginSdk.Sources;

/// <summary>
/// One poll cycle of a source: the kernel sends <see cref="First"/>, extracts events from each
/// response, writes them, and asks the cycle for the next page. State a step returns is written
/// only after the events of that page (and all before it) have been flushed to the output.
/// </summary>
public interface IPollCycle
{
    /// <summary>The first request of the cycle, or null when there is nothing to fetch.</summary>
    PageRequest? First { get; }

    /// <summary>
    /// Called for every 2xx response once its events are extracted (or failed to extract, when the
    /// source skips parse errors: then <see cref="EventBatch.ParseError"/> is set).
    /// </summary>
    PageStep OnPage(PageResponse response, EventBatch events);

    /// <summary>
    /// Called when the final response of a request is not 2xx. Return a step to recover (e.g. reset
    /// an expired cursor) or null to fail the cycle with the status and body.
    /// </summary>
    PageStep? OnErrorStatus(PageResponse response);

    /// <summary>
    /// Called when the body of the response to <paramref name="request"/> outgrew the source's
    /// <c>max_response_bytes</c> (<paramref name="maxResponseBytes"/>): reading stopped, and nothing of
    /// the page is written (what a streamed page's windows said is void). Return a step to recover,
    /// e.g. the same range asked for in smaller parts, or null (the default) to fail the cycle. Without
    /// it a range that is too large fails every cycle, since each asks for the same page again.
    /// </summary>
    PageStep? OnResponseTooLarge(PageRequest request, long maxResponseBytes) => null;

    /// <summary>State to store once the cycle has ended without error (e.g. watermarks).</summary>
    IReadOnlyDictionary<string, string> Finish();
}
