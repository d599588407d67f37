using System.Text.RegularExpressions;
using Helr.Kernel.Text;

namespace Helr.Kernel.Config;

/// <summary>
/// The query parameters of a source's <c>url</c> (and <c>query_params</c>) whose value comes from a
/// secret's variable (<c>url: …?api_key=${API_KEY}</c>). A vendor's next link repeats them, so a stored
/// next link would hold the key: state keeps such a parameter with an empty value (<c>api_key=</c>), and
/// the cycle that reads it back gets the value configured now, which also carries a rotated key over.
/// Only URLs on the source url's origin, only a value equal to the configured one, and never a position
/// (page, cursor, continuation token, …), which the vendor changes from page to page. A key in the
/// url's path is kept as its reference instead (<see cref="UrlPathSecrets"/>).
/// </summary>
internal sealed partial class UrlSecretParameters
{
    public static readonly UrlSecretParameters None = new(null, [], UrlPathSecrets.None);

    private readonly Uri? _origin;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _parameters;
    private readonly UrlPathSecrets _path;

    private UrlSecretParameters(Uri? origin, IReadOnlyList<KeyValuePair<string, string>> parameters, UrlPathSecrets path)
    {
        _origin = origin;
        _parameters = parameters;
        _path = path;
    }

    public bool IsEmpty => _parameters.Count == 0 && _path.IsEmpty;

    /// <summary>The secret parameters of a source's block (expanded, with the text as written).</summary>
    public static UrlSecretParameters Of(ConfigValue? block)
    {
        if (block?["url"] is not { Text: { } text } url || !Uri.TryCreate(text, UriKind.Absolute, out var origin)) return None;
        var parameters = new List<KeyValuePair<string, string>>();
        if (url.Written is { } written && written.IndexOf('?') is var q and >= 0)
        {
            var expanded = QueryPairs.Of(origin.Query.TrimStart('?')).ToList();
            foreach (var (name, value) in QueryPairs.Of(written[(q + 1)..].Split('#')[0]))
            {
                var configured = Uri.UnescapeDataString(expanded.FirstOrDefault(p => p.Name == name).Value ?? "");
                if (IsSecret(name, value) && configured.Length > 0) parameters.Add(new(name, configured));
            }
        }
        if (block["query_params"] is { } map)
        {
            foreach (var name in map.Keys)
            {
                if (map[name] is { Written: { } value, Text: { Length: > 0 } configured } && IsSecret(name, value)) parameters.Add(new(name, configured));
            }
        }
        var path = url.Written is { } source ? UrlPathSecrets.Of(source, text) : UrlPathSecrets.None;
        return parameters.Count == 0 && path.IsEmpty ? None : new UrlSecretParameters(origin, parameters, path);
    }

    /// <summary><paramref name="values"/> with the secret parameters of their URLs emptied, for the store.</summary>
    public IReadOnlyDictionary<string, string> Hidden(IReadOnlyDictionary<string, string> values) =>
        IsEmpty ? values : values.ToDictionary(kv => kv.Key, kv => Rewrite(kv.Value, hide: true), StringComparer.Ordinal);

    /// <summary><paramref name="values"/> as stored, with the emptied secret parameters given their configured value.</summary>
    public IReadOnlyDictionary<string, string> Restored(IReadOnlyDictionary<string, string> values) =>
        IsEmpty ? values : values.ToDictionary(kv => kv.Key, kv => Rewrite(kv.Value, hide: false), StringComparer.Ordinal);

    // Text rewriting, not a Uri round trip: everything but the secret's value stays as stored.
    private string Rewrite(string value, bool hide)
    {
        if (!value.Contains("://", StringComparison.Ordinal) || !Uri.TryCreate(value, UriKind.Absolute, out var url) || !SameOrigin(url)) return value;
        value = hide ? _path.Hide(value) : _path.Restore(value);
        if (value.IndexOf('?') < 0 || _parameters.Count == 0) return value;
        return QueryPairs.RewriteUrl(value, (name, stored) =>
        {
            foreach (var (secret, configured) in _parameters)
            {
                if (secret == name && (hide ? Uri.UnescapeDataString(stored) == configured : stored.Length == 0))
                    return hide ? "" : Uri.EscapeDataString(configured);
            }
            return null;
        });
    }

    private bool SameOrigin(Uri url) =>
        string.Equals(url.Scheme, _origin!.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(url.IdnHost, _origin.IdnHost, StringComparison.OrdinalIgnoreCase) && url.Port == _origin.Port;

    // As written: a value naming a variable whose name, or the parameter's, says credential.
    private static bool IsSecret(string name, string written)
    {
        if (Position().IsMatch(name)) return false;
        var variables = Variable().Matches(written).Select(m => m.Groups[1].Value).ToList();
        return variables.Count > 0 && (variables.Any(ExpandedSecrets.IsSecretVariable)
            || PluginSdk.CredentialNames.IsCredentialHeaderOrParameter(name));
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Variable();

    [GeneratedRegex("page|next|cursor|continu|offset|marker|after|before|since|until|start|from|position|resume", RegexOptions.IgnoreCase)]
    private static partial Regex Position();
}
