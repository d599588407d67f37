using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;

namespace TokenVendorPlugin;

/// <summary>
/// A custom cycle composed of the SDK's parts: <see cref="WatermarkTracker"/> for <c>since</c>,
/// <see cref="PageLimits"/> for <c>max_pages</c> and empty pages. It follows every <c>Link</c> it is
/// given without looking at the origin: keeping credentials home is the kernel's job.
/// </summary>
public sealed class TokenVendorCycle : IPollCycle
{
    private const string NextKey = "next_url";
    private readonly WatermarkTracker _watermark;
    private readonly PageLimits _limits;

    public TokenVendorCycle(Uri url, int maxPages, string from, CycleContext context)
    {
        _watermark = new WatermarkTracker(new TrackedFieldOptions { StateKey = "watermark", EventPath = "seq", Param = "since" }, context.State);
        _limits = new PageLimits(maxPages);
        var stored = context.State.Get(NextKey);
        First = PageRequest.Get(!string.IsNullOrEmpty(stored) ? new Uri(stored) : QueryString.Append(url, "since", _watermark.Stored ?? from));
    }

    public PageRequest? First { get; }

    public PageStep OnPage(PageResponse response, EventBatch events)
    {
        _watermark.Observe(events);
        var stop = _limits.Count(response, events);
        var next = LinkHeader.Find(response.HeaderValues("Link"), "next", response.Url);
        var checkpoint = new Dictionary<string, string> { [NextKey] = next?.AbsoluteUri ?? "" };
        if (next is null || stop == PageStopReason.EmptyPage) _watermark.AddCompleted(checkpoint);
        else _watermark.AddInProgress(checkpoint);
        return next is null || stop != PageStopReason.None ? PageStep.Stop(checkpoint) : PageStep.Continue(PageRequest.Get(next), checkpoint);
    }

    public PageStep? OnErrorStatus(PageResponse response) => null;

    public IReadOnlyDictionary<string, string> Finish() => new Dictionary<string, string>();
}
