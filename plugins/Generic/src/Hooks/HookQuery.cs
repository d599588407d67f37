using Helr.PluginSdk.Paging;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>
/// Puts the query of <c>getAuth</c> and <c>buildRequest</c> on a page's URL. An entry replaces a
/// parameter of its name already there (the source's <c>from</c>, <c>query_params</c> or watermark on
/// the declarative request, or <c>getAuth</c>'s entry under <c>buildRequest</c>'s), as a header does:
/// sent twice, an API taking the first value would read from the declarative range start every
/// cycle, not from where the script says. Names compare exactly, as APIs read them.
/// </summary>
internal static class HookQuery
{
    public static Uri Apply(Uri url, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        // The last entry of a name wins (buildRequest's over getAuth's).
        var last = query.Select((q, i) => (q, i)).Where(x => !query.Skip(x.i + 1).Any(later => later.Key == x.q.Key)).Select(x => x.q).ToList();
        return QueryString.Replace(url, last);
    }
}
