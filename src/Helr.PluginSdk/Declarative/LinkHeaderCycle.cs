using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Declarative;

/// <summary>
/// Follows <c>Link: &lt;…&gt;; rel="next"</c>. State key <c>next_url</c> holds where the next cycle
/// starts; a cycle that ends on a page without a next link clears it, so the next cycle starts again
/// from the first-request URL (with the watermark, when one is configured), as upstream Helr does.
/// </summary>
public sealed class LinkHeaderCycle : DeclarativeCycle
{
    /// <summary>The state key holding the URL to resume from.</summary>
    public const string StateKey = "next_url";

    /// <summary>Starts a cycle from the stored <c>next_url</c> or the first-request URL.</summary>
    public LinkHeaderCycle(DeclarativeOptions options, CycleContext context) : base(options, context)
    {
        var stored = context.State.Get(StateKey);
        var url = !string.IsNullOrEmpty(stored) && Uri.TryCreate(stored, UriKind.Absolute, out var resumed)
            ? SameOriginOrThrow(resumed, "the stored next_url",
                $"; if the source's url moved, set where to resume on the new origin, or start again from url with `helr state set {context.SourceId} next_url \"\"`")
            : FirstRequestUrl();
        First = Request(url);
    }

    /// <inheritdoc />
    public override PageRequest? First { get; }

    /// <inheritdoc />
    protected override PageStep Next(PageResponse response, EventBatch events)
    {
        var next = LinkHeader.Find(response.HeaderValues("Link"), Options.Pagination!.Rel, response.Url);
        if (next is null) return PageStep.Stop(PageStep.State(StateKey, ""));
        // Before the checkpoint: a link to another origin is neither followed nor stored.
        SameOriginOrThrow(next, "the next link", "; the page is fetched again next cycle");
        var checkpoint = PageStep.State(StateKey, next.AbsoluteUri);
        var emptyStop = events.Count == 0 && events.ParseError is null && Options.Pagination.StopOnEmptyPage;
        if (emptyStop || Pages >= MaxPages || OverByteBudget) return PageStep.Stop(checkpoint);
        return PageStep.Continue(Request(next), checkpoint);
    }

    // Credentials, and the trust in what comes back, belong to the origin of the source's url: a link
    // elsewhere (a compromised or misconfigured API, a tampered state store) fails the poll.
    private Uri SameOriginOrThrow(Uri url, string what, string remedy)
    {
        var source = Options.Url;
        if (source is null || (string.Equals(url.Scheme, source.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(url.IdnHost, source.IdnHost, StringComparison.OrdinalIgnoreCase) && url.Port == source.Port))
            return url;
        throw new InvalidOperationException(
            $"{what} points to {url.Scheme}://{url.Authority}, another origin than the source's url ({source.Scheme}://{source.Authority}); "
            + "Helr does not follow it, so the source's credentials go nowhere else and no events come from elsewhere" + remedy);
    }
}
