namespace Helr.Kernel.Text;

/// <summary>
/// The <c>name=value</c> pairs of a query string or form body, for the places that hide or learn a
/// credential by its parameter's name (state views, recordings, stored next links). Text in, text out:
/// a pair that is not replaced keeps its exact spelling, since replay and resuming match on it.
/// </summary>
internal static class QueryPairs
{
    /// <summary>Each pair with a name (text before its first <c>=</c>): the name unescaped, the value as written.</summary>
    public static IEnumerable<(string Name, string Value)> Of(string query)
    {
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq > 0) yield return (Uri.UnescapeDataString(pair[..eq]), pair[(eq + 1)..]);
        }
    }

    /// <summary>
    /// <paramref name="query"/> with the value of each named pair for which <paramref name="replace"/>
    /// (unescaped name, value as written) gives text replaced by that text, written as given.
    /// </summary>
    public static string Rewrite(string query, Func<string, string, string?> replace) =>
        string.Join('&', query.Split('&').Select(pair =>
        {
            var eq = pair.IndexOf('=');
            return eq > 0 && replace(Uri.UnescapeDataString(pair[..eq]), pair[(eq + 1)..]) is { } value ? pair[..(eq + 1)] + value : pair;
        }));

    /// <summary><paramref name="url"/> with <see cref="Rewrite"/> applied to its query (after <c>?</c>, before <c>#</c>); as it is without one.</summary>
    public static string RewriteUrl(string url, Func<string, string, string?> replace)
    {
        var query = url.IndexOf('?');
        if (query < 0) return url;
        var end = url.IndexOf('#', query) is var fragment and >= 0 ? fragment : url.Length;
        return url[..(query + 1)] + Rewrite(url[(query + 1)..end], replace) + url[end..];
    }
}
