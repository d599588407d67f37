using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Gws;

/// <summary>
/// The page token of an unfinished window, and beside it (<c>page_token_query</c>) a fingerprint of the
/// query it was made with (<see cref="IWindowQuery.Fingerprint"/>). Google's page tokens belong to the
/// query of the window's first page (Cloud Logging: the other parameters must be identical), so one
/// resumed after the user edited <c>event_name</c>, <c>filters</c>, <c>max_results</c> or <c>page_size</c> would
/// read the rest of the window with the old query, or be refused (an edit of the stream itself drops the
/// whole window: <see cref="StreamPosition"/>). Such a token is not sent: the window is asked again
/// from where it got to, as after a rejected token. A token stored without a fingerprint (by an earlier
/// version, or by hand) is resumed, and the fingerprint is written with the next checkpoint.
/// </summary>
internal sealed class StoredPageToken
{
    public const string Key = "page_token";
    public const string QueryKey = "page_token_query";
    private readonly string _fingerprint;
    private bool _fingerprintStored;

    public StoredPageToken(ISourceState state, string fingerprint)
    {
        _fingerprint = fingerprint;
        Stored = state.Get(Key);
        var storedFingerprint = state.Get(QueryKey);
        _fingerprintStored = !string.IsNullOrEmpty(storedFingerprint);
        QueryChanged = !string.IsNullOrEmpty(Stored) && _fingerprintStored && storedFingerprint != fingerprint;
    }

    /// <summary>The token stored, whatever query it was made with (empty or null: none).</summary>
    public string? Stored { get; }

    /// <summary>A token is stored, but made with another query than the one configured now.</summary>
    public bool QueryChanged { get; }

    /// <summary>The token to send with the configured query, or null.</summary>
    public string? Resume => QueryChanged || string.IsNullOrEmpty(Stored) ? null : Stored;

    /// <summary>Adds <paramref name="next"/> (null or empty: none) and, with a token, the fingerprint.</summary>
    public void Add(IDictionary<string, string> checkpoint, string? next)
    {
        checkpoint[Key] = next ?? "";
        if (!string.IsNullOrEmpty(next))
        {
            checkpoint[QueryKey] = _fingerprint;
            _fingerprintStored = true;
        }
        else if (_fingerprintStored)
        {
            checkpoint[QueryKey] = "";
            _fingerprintStored = false;
        }
    }

    /// <summary>The same as <see cref="StoredCursor.FingerprintOf"/>.</summary>
    public static string FingerprintOf(Uri endpoint, IEnumerable<KeyValuePair<string, string?>> settings) => StoredCursor.FingerprintOf(endpoint, settings);
}
