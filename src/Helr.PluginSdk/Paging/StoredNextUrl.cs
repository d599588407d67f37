using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Paging;

/// <summary>
/// A next URL kept in state between cycles, and a fingerprint of the settings that define the query it
/// was made with, stored beside it under <c>&lt;key&gt;_query</c>: a <see cref="StoredCursor"/> whose
/// position is an absolute URL. A vendor's next link repeats the query of the traversal's first request,
/// so resuming it after the user edited that query (a filter, the org, <c>query_params</c>) would go on
/// collecting the old query until the traversal ends, which for an API that always returns a next link
/// is never. When the configured settings differ from the stored fingerprint, the stored URL is not
/// resumed: the cycle starts the traversal again from its first request (the stored watermark or range
/// start) and a warning says so. A stored URL without a fingerprint (state written before it existed, or
/// set by hand) is resumed, and the fingerprint is written with the next checkpoint: an upgrade restarts nothing.
/// </summary>
public sealed class StoredNextUrl
{
    private readonly StoredCursor _stored;

    /// <summary>
    /// Reads <paramref name="key"/> and its fingerprint from the cycle's state; <paramref name="settings"/>
    /// names, for the warning, the settings <paramref name="fingerprint"/> was made of.
    /// </summary>
    public StoredNextUrl(CycleContext context, string key, string fingerprint, string settings)
    {
        _stored = new StoredCursor(context, key, fingerprint, settings, static text => Uri.TryCreate(text, UriKind.Absolute, out _));
        if (_stored.Resume is { } stored) Resume = new Uri(stored, UriKind.Absolute);
    }

    /// <summary>The state key of the URL.</summary>
    public string Key => _stored.Key;

    /// <summary>The state key of the fingerprint: <c>&lt;key&gt;_query</c>.</summary>
    public string FingerprintKey => _stored.FingerprintKey;

    /// <summary>The fingerprint of the settings configured now.</summary>
    public string Fingerprint => _stored.Fingerprint;

    /// <summary>The stored URL to resume from, or null: none stored, or one made with other settings.</summary>
    public Uri? Resume { get; }

    /// <summary>A stored URL was left because the settings changed: the cycle starts a new traversal.</summary>
    public bool Restarted => _stored.Restarted;

    /// <summary>
    /// Adds <paramref name="next"/> (null or empty: the traversal is complete) and, with a URL, the current
    /// fingerprint to <paramref name="checkpoint"/>.
    /// </summary>
    public void Add(IDictionary<string, string> checkpoint, string? next) => _stored.Add(checkpoint, next);

    internal void Add(IDictionary<string, string> checkpoint, string? next, string fingerprint) => _stored.Add(checkpoint, next, fingerprint);

    /// <summary>The same as <see cref="StoredCursor.FingerprintOf"/>.</summary>
    public static string FingerprintOf(Uri url, IEnumerable<KeyValuePair<string, string?>> settings) => StoredCursor.FingerprintOf(url, settings);
}
