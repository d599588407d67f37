namespace Helr.Kernel.Config;

/// <summary>
/// Lets a <c>${VAR}</c> reference stand unquoted inside a flow collection (<c>{ since: ${START} }</c>,
/// <c>scopes: [${SCOPE}]</c>), as it can upstream, which substitutes the file's text before parsing
/// it. Helr expands after parsing (so a value cannot inject YAML), and to a YAML parser the braces of
/// a bare reference there close the collection. <see cref="Hide"/> swaps the reference's syntax
/// characters for private-use ones of the same length (error lines and columns stay right), and
/// <see cref="Restore"/> puts them back in each parsed key and value.
/// </summary>
internal static class PlaceholderShield
{
    // The characters a reference (with its :-default) may hold that a flow collection or a plain scalar gives a meaning.
    private const string Syntax = "${},[]:#";
    private const string Stand = "\uF8F0\uF8F1\uF8F2\uF8F3\uF8F4\uF8F5\uF8F6\uF8F7";

    /// <summary>The text with each one-line <c>${...}</c> masked; the same string when it has none.</summary>
    public static string Hide(string text)
    {
        var start = text.IndexOf("${", StringComparison.Ordinal);
        if (start < 0) return text;
        var chars = text.ToCharArray();
        while (start >= 0)
        {
            var end = start + 2;
            while (end < chars.Length && chars[end] is not ('}' or '\n' or '\r')) end++;
            if (end == chars.Length || chars[end] != '}')
            {
                start = text.IndexOf("${", start + 2, StringComparison.Ordinal);
                continue;
            }
            for (var i = start; i <= end; i++)
            {
                var at = Syntax.IndexOf(chars[i]);
                if (at >= 0) chars[i] = Stand[at];
            }
            start = text.IndexOf("${", end + 1, StringComparison.Ordinal);
        }
        return new string(chars);
    }

    /// <summary>A parsed key or value with its references as written.</summary>
    public static string Restore(string value)
    {
        if (value.AsSpan().IndexOfAny(Stand) < 0) return value;
        var chars = value.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var at = Stand.IndexOf(chars[i]);
            if (at >= 0) chars[i] = Syntax[at];
        }
        return new string(chars);
    }
}
