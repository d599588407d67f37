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

    /// <summary>
    /// <paramref name="value"/> less the parameters of <paramref name="sent"/> (name and value) when it is
    /// an absolute URL: a next link repeats the query a page was sent with, and the hooks put theirs on
    /// every page again, a resumed one too, so a stored URL needs none of their credentials.
    /// </summary>
    public static string Without(string value, IReadOnlyCollection<KeyValuePair<string, string>> sent)
    {
        var q = value.IndexOf('?');
        if (sent.Count == 0 || q < 0 || !Uri.TryCreate(value, UriKind.Absolute, out _)) return value;
        var hash = value.IndexOf('#', q);
        var query = hash < 0 ? value[(q + 1)..] : value[(q + 1)..hash];
        var kept = query.Split('&').Where(pair => !sent.Contains(Decoded(pair))).ToList();
        if (kept.Count == query.Split('&').Length) return value;
        return value[..q] + (kept.Count > 0 ? "?" + string.Join('&', kept) : "") + (hash < 0 ? "" : value[hash..]);
    }

    private static KeyValuePair<string, string> Decoded(string pair)
    {
        var eq = pair.IndexOf('=');
        static string Unescape(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
        return eq < 0 ? new(Unescape(pair), "") : new(Unescape(pair[..eq]), Unescape(pair[(eq + 1)..]));
    }
}
