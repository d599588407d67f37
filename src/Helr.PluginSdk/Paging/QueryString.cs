using System.Text;

namespace Helr.PluginSdk.Paging;

/// <summary>Appends query parameters to a URL, keeping the query it already has.</summary>
public static class QueryString
{
    /// <summary>Returns <paramref name="url"/> with <paramref name="parameters"/> appended, percent-encoded.</summary>
    public static Uri Append(Uri url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in parameters)
        {
            if (builder.Length > 0) builder.Append('&');
            builder.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }
        if (builder.Length == 0) return url;
        var ub = new UriBuilder(url);
        var existing = ub.Query.TrimStart('?');
        ub.Query = existing.Length == 0 ? builder.ToString() : existing + "&" + builder;
        return ub.Uri;
    }

    /// <summary>Returns <paramref name="url"/> with one parameter appended.</summary>
    public static Uri Append(Uri url, string key, string value) => Append(url, new[] { new KeyValuePair<string, string>(key, value) });

    /// <summary>
    /// Like <see cref="Append(Uri, IEnumerable{KeyValuePair{string, string}})"/>, but a parameter of the url's own
    /// query named like one of <paramref name="parameters"/> is left out (names compare exactly, as APIs read them).
    /// </summary>
    public static Uri Replace(Uri url, IReadOnlyCollection<KeyValuePair<string, string>> parameters)
    {
        var names = parameters.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var pairs = url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries);
        if (!pairs.Any(p => names.Contains(Name(p)))) return Append(url, parameters);
        var builder = new UriBuilder(url) { Query = string.Join('&', pairs.Where(p => !names.Contains(Name(p)))) };
        return Append(builder.Uri, parameters);
    }

    private static string Name(string pair)
    {
        var eq = pair.IndexOf('=');
        return Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
    }
}
