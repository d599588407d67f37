using System.Net.Http.Headers;
using Helr.PluginSdk.Http;

namespace Helr.Kernel.Http;

/// <summary>
/// The HTTP message of a plugin's page request: JSON <c>Accept</c>, a JSON body for POST (an empty
/// object when the plugin gives none), then the request's own headers, which replace
/// <c>Accept</c>, <c>User-Agent</c> and <c>Content-Type</c> when they set them.
/// </summary>
internal static class PageRequestMessage
{
    public static HttpRequestMessage Create(PageRequest page)
    {
        var message = new HttpRequestMessage(page.Method, page.Url);
        if (page.Credentials.Count > 0) message.Options.Set(Text.CredentialHeaders.Values, page.Credentials);
        if (page.Method == HttpMethod.Post)
        {
            var body = page.JsonBody ?? "{}"u8.ToArray();
            message.Content = new ReadOnlyMemoryContent(body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        foreach (var (name, value) in page.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && message.Content is not null)
            {
                // Added beside ours, both went out as one "application/json, application/json", which
                // an API parsing the media type refuses.
                message.Content.Headers.Remove(name);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                if (name.Equals("Accept", StringComparison.OrdinalIgnoreCase) || name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase))
                    message.Headers.Remove(name);
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return message;
    }
}
