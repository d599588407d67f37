using System.Text;
using System.Text.RegularExpressions;
using Helr.Kernel.Text;

namespace Helr.Kernel.Config;

/// <summary>
/// The parts of a source url's path that come from a secret's variable (Telegram's
/// <c>/bot${TELEGRAM_BOT_TOKEN}/getUpdates</c>). A next link on that path repeats the key, so the store
/// keeps the reference as written in its place, and the cycle that reads it back gets the value
/// configured now: a rotated key carries over, and a value stored by an older version is left as it is.
/// </summary>
internal sealed partial class UrlPathSecrets
{
    public static readonly UrlPathSecrets None = new([]);

    private readonly IReadOnlyList<(string Reference, string Value)> _parts;

    private UrlPathSecrets(IReadOnlyList<(string Reference, string Value)> parts) => _parts = parts;

    public bool IsEmpty => _parts.Count == 0;

    /// <summary>The secret parts of the path of <paramref name="expanded"/>, the url <paramref name="written"/> expanded.</summary>
    public static UrlPathSecrets Of(string written, string expanded)
    {
        var references = Reference().Matches(written);
        if (references.Count == 0 || !Uri.TryCreate(expanded, UriKind.Absolute, out _)) return None;
        // The literal text between the references places each one's value in the expanded url.
        var pattern = new StringBuilder("^");
        var at = 0;
        foreach (Match m in references)
        {
            pattern.Append(Regex.Escape(written[at..m.Index].Replace("$$", "$", StringComparison.Ordinal))).Append("(.*?)");
            at = m.Index + m.Length;
        }
        pattern.Append(Regex.Escape(written[at..].Replace("$$", "$", StringComparison.Ordinal))).Append('$');
        var match = Regex.Match(expanded, pattern.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!match.Success) return None;
        var (start, end) = PathOf(expanded);
        var parts = new List<(string, string)>();
        for (var i = 0; i < references.Count; i++)
        {
            var value = match.Groups[i + 1];
            if (value.Index < start || value.Index + value.Length > end || value.Length < CredentialVariants.ShortestSecret
                || !ExpandedSecrets.IsSecretVariable(references[i].Groups[1].Value) || parts.Any(p => p.Item2 == value.Value)) continue;
            parts.Add((references[i].Value, value.Value));
        }
        return parts.Count == 0 ? None : new UrlPathSecrets(parts);
    }

    /// <summary>A stored URL of the source's origin with each configured value in its path replaced by its reference.</summary>
    public string Hide(string value) => Rewrite(value, p => [p.Value, Uri.EscapeDataString(p.Value)], p => p.Reference);

    /// <summary>A stored URL with each reference in its path given the value configured now.</summary>
    public string Restore(string value) => Rewrite(value, p => [p.Reference], p => p.Value);

    private string Rewrite(string value, Func<(string Reference, string Value), string[]> from, Func<(string Reference, string Value), string> to)
    {
        if (IsEmpty) return value;
        var (start, end) = PathOf(value);
        var path = value[start..end];
        foreach (var part in _parts)
        {
            foreach (var old in from(part).Distinct()) path = path.Replace(old, to(part), StringComparison.Ordinal);
        }
        return value[..start] + path + value[end..];
    }

    // Where a URL's path starts (after scheme and authority) and ends (at its query or fragment), as text.
    private static (int Start, int End) PathOf(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var end = url.IndexOfAny(['?', '#']);
        if (end < 0) end = url.Length;
        var start = scheme < 0 ? end : url.IndexOf('/', scheme + 3);
        return start < 0 || start > end ? (end, end) : (start, end);
    }

    [GeneratedRegex(@"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-[^}]*)?\}")]
    private static partial Regex Reference();
}
