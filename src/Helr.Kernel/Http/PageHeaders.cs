using System.Net.Http.Headers;

namespace Helr.Kernel.Http;

/// <summary>
/// Response and content headers in one collection for <c>PageResponse.Headers</c>: response headers
/// alone refuse content header names, which silently dropped <c>Content-Type</c> for plugins.
/// Values are copied as the server sent them (<see cref="HttpHeaders.NonValidated"/>): enumerating the
/// headers themselves would parse every value only to turn it back into text, for every page.
/// </summary>
internal sealed class PageHeaders : HttpHeaders
{
    public static PageHeaders From(HttpResponseMessage response)
    {
        var headers = new PageHeaders();
        foreach (var h in response.Headers.NonValidated) headers.TryAddWithoutValidation(h.Key, h.Value);
        foreach (var h in response.Content.Headers.NonValidated) headers.TryAddWithoutValidation(h.Key, h.Value);
        return headers;
    }
}
