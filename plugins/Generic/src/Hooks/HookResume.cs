using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Http;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>
/// Where a hook cycle starts: at the <c>next_url</c> a script's <c>commitState</c> stored, as upstream
/// starts every hook cycle there. Scripts ported from upstream resume so; starting at <c>url</c> instead
/// read the backlog from the top every cycle and wrote its events again.
/// </summary>
internal static class HookResume
{
    public const string StateKey = "next_url";

    /// <summary>
    /// <paramref name="first"/> at the stored URL, when the script is what pages: without a declarative
    /// pagination, or with a <c>getNextPage</c> (the declarative strategy then gives only the first
    /// request). <c>link_header</c> resumes from <c>next_url</c> itself, after checking its origin and
    /// query settings; <c>cursor</c> and <c>page_offset</c> paging without <c>getNextPage</c> keep their own position.
    /// </summary>
    public static PageRequest Start(PageRequest first, IReadOnlyDictionary<string, string> state, PaginationOptions? pagination, bool scriptPages, string script)
    {
        if (pagination?.Strategy == PaginationStrategy.LinkHeader || (pagination is not null && !scriptPages)) return first;
        if (!state.TryGetValue(StateKey, out var stored) || stored.Length == 0) return first;
        // A fingerprint beside it: link_header paging made it before the user switched off link_header, for
        // a query the script may not send at all. The declarative cycle clears both; the script's is stored without.
        if (state.TryGetValue(StateKey + "_query", out var made) && made.Length > 0) return first;
        // The value itself is not named: a script may have stored it with a key in its query.
        if (!Uri.TryCreate(stored, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new HookException($"the next_url stored for the hooks in {script} is not an absolute http(s) URL; store a URL or \"\" in commitState, or reset it with `helr state set <source> next_url \"\"`");
        // As upstream: the stored URL as it is, without the source's `from`, query_params or watermark (the
        // link carries its own query); getAuth's and buildRequest's parts are added as on every page.
        return first with { Url = url };
    }
}
