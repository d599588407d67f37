using System.Globalization;
using System.Net.Http.Headers;

namespace Helr.PluginSdk.Http;

/// <summary>The final response to a page request, with its whole body.</summary>
public sealed record PageResponse
{
    /// <summary>The request that produced it.</summary>
    public required PageRequest Request { get; init; }

    /// <summary>HTTP status code.</summary>
    public required int StatusCode { get; init; }

    /// <summary>The URL the response came from (after redirects).</summary>
    public required Uri Url { get; init; }

    /// <summary>Response and content headers.</summary>
    public required HttpHeaders Headers { get; init; }

    /// <summary>The body bytes as received, less a leading UTF-8 byte order mark.</summary>
    /// <remarks>The kernel's read buffer: valid during the call the response is passed to. The next pages,
    /// of this source or another, are read into the same memory, so copy what is kept (a cursor as a string).</remarks>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>
    /// The server's clock when it answered (its <c>Date</c> header; whole seconds, and servers reuse one
    /// value for up to a second), or null without a readable one. For vendors whose time windows must not
    /// end past the API's own now.
    /// </summary>
    public DateTimeOffset? ServerDate =>
        DateTimeOffset.TryParse(HeaderValues("Date").FirstOrDefault(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;

    /// <summary>
    /// The API's own now − <paramref name="lag"/> (its <c>Date</c> header) when that is earlier than
    /// <paramref name="end"/> by more than the header's precision, else null (no readable header, or no real
    /// difference). With this host's clock ahead of the API's, a time window ending at <paramref name="end"/>
    /// would be stored as complete before the API had delivered its last part; this is where it may end instead.
    /// </summary>
    public DateTimeOffset? ServerTargetBefore(DateTimeOffset end, TimeSpan lag) =>
        ServerDate is { } date && Time.Rfc3339.TruncateToSeconds(date) - lag is var target && target < end - DateSlack ? target : null;

    // Date has whole seconds, and servers reuse one value for up to a second (Kestrel, nginx): a
    // difference this small is the header's own precision, not a skew (a source's lag covers it).
    private static readonly TimeSpan DateSlack = TimeSpan.FromSeconds(2);

    /// <summary>The values of header <paramref name="name"/> (case-insensitive), empty when absent.</summary>
    public IEnumerable<string> HeaderValues(string name) =>
        Headers.TryGetValues(name, out var values) ? values : Array.Empty<string>();
}
