using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Paging;

/// <summary>
/// A next URL kept in state between cycles, and a fingerprint of the settings that define the query it
/// was made with, stored beside it under <c>&lt;key&gt;_query</c>. A vendor's next link repeats the
/// query of the traversal's first request, so resuming it after the user edited that query (a filter,
/// the org, <c>query_params</c>) would go on collecting the old query until the traversal ends, which for
/// an API that always returns a next link is never. When the configured settings differ from the stored
/// fingerprint, the stored URL is not resumed: the cycle starts the traversal again from its first
/// request (the stored watermark or range start) and a warning says so. A stored URL without a
/// fingerprint (state written before it existed, or set by hand) is resumed, and the fingerprint is
/// written with the next checkpoint: an upgrade restarts nothing.
/// </summary>
public sealed partial class StoredNextUrl
{
    private readonly string? _storedFingerprint;
    private bool _fingerprintStored;

    /// <summary>
    /// Reads <paramref name="key"/> and its fingerprint from the cycle's state; <paramref name="settings"/>
    /// names, for the warning, the settings <paramref name="fingerprint"/> was made of.
    /// </summary>
    public StoredNextUrl(CycleContext context, string key, string fingerprint, string settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        Key = key;
        Fingerprint = fingerprint;
        _storedFingerprint = NullIfEmpty(context.State.Get(FingerprintKey));
        _fingerprintStored = _storedFingerprint is not null;
        var stored = context.State.Get(key);
        if (string.IsNullOrEmpty(stored) || !Uri.TryCreate(stored, UriKind.Absolute, out var url)) return;
        if (_storedFingerprint is not null && _storedFingerprint != fingerprint)
        {
            // Neither value goes in the message: the query may hold a secret.
            context.Log.Warn("the source's {Settings} changed since the stored {Key} was made: it carries the old query, so it is not resumed; "
                + "the traversal starts again from its first request (the stored watermark, else the range start) with the new query", settings, key);
            Restarted = true;
            return;
        }
        Resume = url;
    }

    /// <summary>The state key of the URL.</summary>
    public string Key { get; }

    /// <summary>The state key of the fingerprint: <c>&lt;key&gt;_query</c>.</summary>
    public string FingerprintKey => Key + "_query";

    /// <summary>The fingerprint of the settings configured now.</summary>
    public string Fingerprint { get; }

    /// <summary>The stored URL to resume from, or null: none stored, or one made with other settings.</summary>
    public Uri? Resume { get; }

    /// <summary>A stored URL was left because the settings changed: the cycle starts a new traversal.</summary>
    public bool Restarted { get; }

    /// <summary>
    /// Adds <paramref name="next"/> (null or empty: the traversal is complete) and, with a URL, the current
    /// fingerprint to <paramref name="checkpoint"/>.
    /// </summary>
    public void Add(IDictionary<string, string> checkpoint, string? next)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        checkpoint[Key] = next ?? "";
        // Cleared with the URL only when one was stored, so sources that finish every traversal on one page write no extra key.
        if (!string.IsNullOrEmpty(next))
        {
            checkpoint[FingerprintKey] = Fingerprint;
            _fingerprintStored = true;
        }
        else if (_fingerprintStored)
        {
            checkpoint[FingerprintKey] = "";
            _fingerprintStored = false;
        }
    }

    /// <summary>
    /// A hash of <paramref name="url"/> and <paramref name="settings"/> (name and value; a null value
    /// counts as unset). The values of query parameters and settings whose name says credential (key,
    /// token, secret, password, signature, …) are left out, so rotating a key restarts nothing; the
    /// others only enter the hash, which is all that is stored.
    /// </summary>
    public static string FingerprintOf(Uri url, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(settings);
        var text = new StringBuilder("v1");
        void Add(string name, string? value) =>
            text.Append('\n').Append(name.Length).Append(':').Append(name).Append('=')
                .Append(value is null ? "-" : Credential().IsMatch(name) ? "*" : value.Length + ":" + value);
        Add("origin+path", url.GetLeftPart(UriPartial.Path));
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            Add("url?" + Unescape(eq < 0 ? pair : pair[..eq]), eq < 0 ? "" : Unescape(pair[(eq + 1)..]));
        }
        foreach (var (name, value) in settings) Add(name, value);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 16));
    }

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    [GeneratedRegex("key|token|secret|passw|signature|sig$|auth|credential", RegexOptions.IgnoreCase)]
    private static partial Regex Credential();
}
