using System.Net.Http.Headers;

namespace Helr.Kernel.Http;

/// <summary>
/// Response and content headers in one collection for <c>PageResponse.Headers</c>: response headers
/// alone refuse content header names, which silently dropped <c>Content-Type</c> for plugins.
/// </summary>
internal sealed class PageHeaders : HttpHeaders
{
    public static PageHeaders From(HttpResponseMessage response)
    {
        var headers = new PageHeaders();
        foreach (var h in response.Headers) headers.TryAddWithoutValidation(h.Key, h.Value);
        foreach (var h in response.Content.Headers) headers.TryAddWithoutValidation(h.Key, h.Value);
        return headers;
    }
}
