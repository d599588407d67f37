using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Time;

namespace Helr.PluginSdk.Config;

// Readers for keys most vendor plugins have: the API's base URL and where the first run starts.
public sealed partial class ConfigNode
{
    /// <summary>
    /// An absolute <c>http://</c> or <c>https://</c> URL, such as a vendor API's base URL that a user
    /// points at a proxy or a test server. Returns <paramref name="fallback"/> when the key is absent;
    /// records an error (without the URL's user info or query) and returns null when the value is not
    /// such a URL.
    /// </summary>
    /// <param name="key">The key to read.</param>
    /// <param name="fallback">The URL used when the key is absent; null for none.</param>
    /// <param name="expected">What the URL should be, completing the error's "(expected …)", e.g. <c>the API base URL, e.g. https://api.example.com</c>.</param>
    public Uri? HttpUrl(string key, Uri? fallback, string expected)
    {
        var text = String(key);
        if (text is null) return fallback;
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)) return url;
        Fail(key, $"'{DeclarativeReader.Shown(text)}' is not an http(s) URL (expected {expected})");
        return null;
    }

    /// <summary>
    /// A point in time as <see cref="Rfc3339.Parse"/> reads it: RFC 3339 with any fraction, or another
    /// form <see cref="DateTimeOffset"/> reads, UTC when no offset is written. Null when the key is
    /// absent; records an error and returns null when the text is not a time.
    /// </summary>
    /// <param name="key">The key to read.</param>
    public DateTimeOffset? Time(string key)
    {
        var text = String(key);
        if (text is null) return null;
        if (Rfc3339.Parse(text) is { } at) return at;
        Fail(key, $"'{text}' is not an RFC 3339 time (e.g. 2024-01-01T00:00:00Z)");
        return null;
    }
}
