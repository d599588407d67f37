using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Declarative;

/// <summary>
/// Follows <c>Link: &lt;…&gt;; rel="next"</c>. State key <c>next_url</c> holds where the next cycle
/// starts; a page without a next link completes the traversal and clears it, so the next cycle starts
/// again from the first-request URL (with the new watermark, when one is configured). A stored link made
/// with other query settings is not resumed (<see cref="StoredNextUrl"/>).
/// </summary>
internal sealed class LinkHeaderCycle : IStreamingPollCycle
{
    /// <summary>The state key holding the URL to resume from.</summary>
    public const string StateKey = "next_url";

    private readonly DeclarativeParts _parts;
    private readonly StoredNextUrl _next;

    public LinkHeaderCycle(DeclarativeOptions options, CycleContext context, UnresolvedFieldWarning? unresolved = null)
    {
        _parts = new DeclarativeParts(options, context, unresolved);
        _next = new StoredNextUrl(context, StateKey, _parts.QueryFingerprint(), DeclarativeParts.QuerySettings);
        // A stored link made with other settings is never followed, so its origin does not matter: a url
        // moved to another host starts again there like any other edit of the query.
        var url = _next.Resume is { } resumed
            ? SameOriginOrThrow(resumed, "the stored next_url",
                $"; if the source's url moved, set where to resume on the new origin, or start again from url with `helr state set {context.SourceId} next_url \"\"`")
            : _parts.FirstRequestUrl();
        First = _parts.Request(url);
    }

    public PageRequest? First { get; }

    public PageStep OnPage(PageResponse response, EventBatch events)
    {
        var stop = _parts.Observe(response, events);
        return After(response, events.ParseError, _parts.Filled, stop);
    }

    public WindowStep OnEventWindow(EventWindow window) => _parts.ObserveWindow(window);

    public PageStep OnStreamedPage(StreamedPage page) => After(page.Response, page.ParseError, page.EventCount > 0, _parts.EndStreamedPage(page));

    private PageStep After(PageResponse response, string? parseError, bool filled, PageStopReason stop)
    {
        var next = LinkHeader.Find(response.HeaderValues("Link"), _parts.Pagination.Rel, response.Url);
        if (next is null) return _parts.Stop(Checkpoint("", traversalComplete: parseError is null));
        // Before the checkpoint: a link to another origin is neither followed nor stored.
        SameOriginOrThrow(next, "the next link", "; the page is fetched again next cycle");
        // A link to the page just read would only serve its events again (written up to max_pages times):
        // the source is caught up, as after an empty page, and the next cycle asks there. (An empty page
        // is left to stop_on_empty_page.)
        if (filled && (next.AbsoluteUri == response.Request.Url.AbsoluteUri || next.AbsoluteUri == response.Url.AbsoluteUri))
            return _parts.Stop(Checkpoint(next.AbsoluteUri, traversalComplete: true));
        if (stop != PageStopReason.None)
            return _parts.Stop(Checkpoint(next.AbsoluteUri, traversalComplete: stop == PageStopReason.EmptyPage));
        return _parts.Continue(_parts.Request(next), Checkpoint(next.AbsoluteUri, traversalComplete: false));
    }

    private IReadOnlyDictionary<string, string> Checkpoint(string next, bool traversalComplete)
    {
        var checkpoint = new Dictionary<string, string>(_parts.Checkpoint(null, null, traversalComplete), StringComparer.Ordinal);
        // A position kept past a completed traversal is resumed by the next cycle, which no longer counts a `from` the new watermark replaced.
        _next.Add(checkpoint, next, traversalComplete && !string.IsNullOrEmpty(next) ? _parts.QueryFingerprint(checkpoint) : _next.Fingerprint);
        return checkpoint;
    }

    public PageStep? OnErrorStatus(PageResponse response) => null;

    public IReadOnlyDictionary<string, string> Finish() => _parts.Finish();

    // Trust in what comes back belongs to the origin of the source's url: a link elsewhere (a
    // compromised or misconfigured API, a tampered state store) fails the poll, with or without
    // credentials (the kernel separately refuses to send credentials outside CredentialOrigins).
    private Uri SameOriginOrThrow(Uri url, string what, string remedy)
    {
        var source = _parts.Options.Url;
        if (source is null || (string.Equals(url.Scheme, source.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(url.IdnHost, source.IdnHost, StringComparison.OrdinalIgnoreCase) && url.Port == source.Port))
            return url;
        throw new InvalidOperationException(
            $"{what} points to {url.Scheme}://{url.Authority}, another origin than the source's url ({source.Scheme}://{source.Authority}); "
            + "Helr does not follow it, so the source's credentials go nowhere else and no events come from elsewhere" + remedy);
    }
}
