using System.Net.Http.Headers;

namespace Helr.PluginSdk.Http;

/// <summary>The final response to a page request, with its whole body.</summary>
/// <param name="Request">The request that produced it.</param>
/// <param name="StatusCode">HTTP status code.</param>
/// <param name="Url">The URL the response came from (after redirects).</param>
/// <param name="Headers">Response and content headers.</param>
/// <param name="Body">The body bytes as received, less a leading UTF-8 byte order mark.</param>
public sealed record PageResponse(PageRequest Request, int StatusCode, Uri Url, HttpHeaders Headers, ReadOnlyMemory<byte> Body)
{
    /// <summary>The values of header <paramref name="name"/> (case-insensitive), empty when absent.</summary>
    public IEnumerable<string> HeaderValues(string name) =>
        Headers.TryGetValues(name, out var values) ? values : Array.Empty<string>();
}
