using System.Security.Cryptography;
using System.Text;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Paging;

/// <summary>
/// A position kept in state between cycles (a cursor, a page token, a next URL), and a fingerprint of
/// the settings that define the query it was made with, stored beside it under <c>&lt;key&gt;_query</c>.
/// A vendor's position belongs to the query of the traversal's first request: a next link repeats it, a
/// cursor request carries the cursor alone, or the vendor reads the rest of the traversal from the cursor
/// with whatever the later requests say. Resuming it after the user edited that query (a filter, the org,
/// <c>query_params</c>) would go on collecting the old query until the traversal ends, which for an API
/// that always hands back a position is never, or mix the two queries in one traversal. When the
/// configured settings differ from the stored fingerprint, the stored position is not resumed: the cycle
/// starts the traversal again from its first request (the stored watermark or range start) and a warning
/// says so. A stored position without a fingerprint (state written before it existed, or set by hand)
/// is resumed, and the fingerprint is written with the next checkpoint: an upgrade restarts nothing.
/// </summary>
public sealed class StoredCursor
{
    private bool _fingerprintStored;

    /// <summary>
    /// Reads <paramref name="key"/> and its fingerprint from the cycle's state; <paramref name="settings"/>
    /// names, for the warning, the settings <paramref name="fingerprint"/> was made of.
    /// </summary>
    public StoredCursor(CycleContext context, string key, string fingerprint, string settings)
        : this(context, key, fingerprint, settings, static _ => true)
    {
    }

    // usable: whether a stored value is a position at all (a next URL must be absolute); one that is not
    // is neither resumed nor reported as changed.
    // accepted: a fingerprint an earlier version made of fewer settings, resumed as one without a fingerprint is.
    internal StoredCursor(CycleContext context, string key, string fingerprint, string settings, Func<string, bool> usable, string? accepted = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        Key = key;
        Fingerprint = fingerprint;
        var storedFingerprint = context.State.Get(FingerprintKey);
        _fingerprintStored = !string.IsNullOrEmpty(storedFingerprint);
        var stored = context.State.Get(key);
        if (string.IsNullOrEmpty(stored) || !usable(stored)) return;
        if (_fingerprintStored && storedFingerprint != fingerprint && storedFingerprint != accepted)
        {
            // Neither value goes in the message: the query may hold a secret.
            context.Log.Warn("the source's {Settings} changed since the stored {Key} was made: it belongs to the old query, so it is not resumed; "
                + "the traversal starts again from its first request (the stored watermark, else the range start) with the new query", settings, key);
            Restarted = true;
            return;
        }
        Resume = stored;
    }

    /// <summary>The state key of the position.</summary>
    public string Key { get; }

    /// <summary>The state key of the fingerprint: <c>&lt;key&gt;_query</c>.</summary>
    public string FingerprintKey => Key + "_query";

    /// <summary>The fingerprint of the settings configured now.</summary>
    public string Fingerprint { get; }

    /// <summary>The stored position to resume from, or null: none stored, or one made with other settings.</summary>
    public string? Resume { get; }

    /// <summary>A stored position was left because the settings changed: the cycle starts a new traversal.</summary>
    public bool Restarted { get; }

    /// <summary>
    /// Adds <paramref name="next"/> (null or empty: the traversal is complete) and, with a position, the
    /// current fingerprint to <paramref name="checkpoint"/>.
    /// </summary>
    public void Add(IDictionary<string, string> checkpoint, string? next) => Add(checkpoint, next, Fingerprint);

    // fingerprint: the one the next cycle will compute, when this checkpoint changes it (a completed
    // traversal whose new watermark makes `from` no longer part of the query).
    internal void Add(IDictionary<string, string> checkpoint, string? next, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        checkpoint[Key] = next ?? "";
        // Cleared with the position only when one was stored, so sources that finish every traversal on one page write no extra key.
        if (!string.IsNullOrEmpty(next))
        {
            checkpoint[FingerprintKey] = fingerprint;
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
    /// counts as unset). The values of query parameters and settings whose name says credential
    /// (<see cref="CredentialNames.IsCredentialHeaderOrParameter"/>: key, token, secret, password,
    /// signature, …; not a position such as pageToken) are left out, so rotating a key restarts nothing; the
    /// others only enter the hash, which is all that is stored.
    /// </summary>
    public static string FingerprintOf(Uri url, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(settings);
        var text = new StringBuilder("v1");
        void Add(string name, string? value, bool credential) =>
            text.Append('\n').Append(name.Length).Append(':').Append(name).Append('=')
                .Append(value is null ? "-" : credential ? "*" : value.Length + ":" + value);
        Add("origin+path", url.GetLeftPart(UriPartial.Path), false);
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var name = Unescape(eq < 0 ? pair : pair[..eq]);
            Add("url?" + name, eq < 0 ? "" : Unescape(pair[(eq + 1)..]), CredentialNames.IsCredentialParameter(name));
        }
        foreach (var (name, value) in settings) Add(name, value, IsCredential(name));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 16));
    }

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    // A setting is judged by its own name, not its key path (query_params.code, state.watermark_param).
    private static bool IsCredential(string name) => CredentialNames.IsCredentialParameter(name[(name.LastIndexOf('.') + 1)..]);
}
