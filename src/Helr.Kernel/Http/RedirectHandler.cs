using System.Net;

namespace Helr.Kernel.Http;

/// <summary>
/// Follows redirects itself (the <see cref="SocketsHttpHandler"/> below has automatic redirects off), so
/// that a hop to another origin never carries the source's credentials: SocketsHttpHandler would drop
/// only <c>Authorization</c>, and an API key in its own header would follow a 302 to any host.
/// </summary>
/// <remarks>
/// At most <see cref="MaxHops"/> hops. 303 turns the request into a GET without body (HEAD stays HEAD),
/// 301 and 302 do so only for POST (as .NET and browsers do), 307 and 308 keep method and body. A hop
/// from https to http is not followed: the redirect response itself is returned. The same request
/// message is re-sent with its new URL, so the final response's <c>RequestMessage.RequestUri</c> is the
/// URL that answered. A request whose body is a credential (a token request) or holds one of the
/// source's (a POST source's <c>body:</c> with its API key) is not re-sent with that body to another
/// origin: the 307 or 308 is the answer.
/// </remarks>
internal sealed class RedirectHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public const int MaxHops = 10;

    /// <summary>
    /// Set by the source's client on a request it put credentials on: puts them on anew for a hop
    /// within their origin. A DPoP proof names the URL and method it was made for and its <c>jti</c>
    /// is single-use, so the proof of the first hop is refused at the next.
    /// </summary>
    public static readonly HttpRequestOptionsKey<Func<HttpRequestMessage, CancellationToken, Task>> Reapply = new("helr.reapply_credentials");

    /// <summary>
    /// Set on a request whose credentials a hop to another origin removed: a 401 from there refused no
    /// credential of the source's, so it is no reason to renew them.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> CredentialsDropped = new("helr.credentials_dropped");

    /// <summary>True when <paramref name="response"/> came from an origin the request's credentials were not sent to.</summary>
    public static bool AnsweredWithoutCredentials(HttpResponseMessage response) =>
        response.RequestMessage?.Options.TryGetValue(CredentialsDropped, out var dropped) == true && dropped;

    /// <summary>Always credentials, whoever set them.</summary>
    private static readonly string[] AlwaysCredentials = { "Authorization", "Proxy-Authorization", "Cookie" };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var response = await base.SendAsync(request, ct);
        var credentialsKept = true;
        for (var hop = 0; hop < MaxHops; hop++)
        {
            var next = RedirectTarget(response, request.RequestUri!);
            if (next is null) return response;
            var current = request.RequestUri!;
            var forcesGet = ForcesGet(response.StatusCode, request.Method);
            // A 307/308 re-sends the body, and a token request's body is the client's secret, refresh
            // token or assertion: another origin gets none of them, so the redirect is the answer.
            if (!SameOrigin(current, next) && !forcesGet && request.Content is not null
                && request.Options.TryGetValue(Text.CredentialHeaders.InBody, out var secretBody) && secretBody) return response;
            response.Dispose();
            if (!SameOrigin(current, next))
            {
                RemoveCredentials(request);
                credentialsKept = false;
                request.Options.Set(CredentialsDropped, true);
            }
            if (forcesGet)
            {
                if (request.Method != HttpMethod.Head) request.Method = HttpMethod.Get;
                request.Content = null;
                if (request.Headers.TransferEncodingChunked == true) request.Headers.TransferEncodingChunked = false;
            }
            request.RequestUri = next;
            if (credentialsKept && request.Options.TryGetValue(Reapply, out var reapply)) await reapply(request, ct);
            response = await base.SendAsync(request, ct);
        }
        return response;
    }

    /// <summary>True when both URLs have the same scheme, host and port.</summary>
    public static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    /// <summary>scheme://host:port of <paramref name="url"/> (never its user info, path or query).</summary>
    public static Uri Origin(Uri url) => new($"{url.Scheme}://{url.Authority}/");

    /// <summary>The URL to follow, or null when <paramref name="response"/> is not a redirect Helr follows.</summary>
    private static Uri? RedirectTarget(HttpResponseMessage response, Uri current)
    {
        if (response.StatusCode is not (HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect)) return null;
        var location = response.Headers.Location;
        if (location is null) return null;
        if (!location.IsAbsoluteUri && !Uri.TryCreate(current, location, out location)) return null;
        if (location.Scheme != Uri.UriSchemeHttp && location.Scheme != Uri.UriSchemeHttps) return null;
        // Never downgrade: the credentials and the events would cross the network in clear text.
        if (current.Scheme == Uri.UriSchemeHttps && location.Scheme == Uri.UriSchemeHttp) return null;
        return location;
    }

    private static bool ForcesGet(HttpStatusCode status, HttpMethod method) => status switch
    {
        HttpStatusCode.SeeOther => true,
        HttpStatusCode.MovedPermanently or HttpStatusCode.Found => method == HttpMethod.Post,
        _ => false,
    };

    private static void RemoveCredentials(HttpRequestMessage request)
    {
        foreach (var name in AlwaysCredentials) request.Headers.Remove(name);
        if (request.Options.TryGetValue(Text.CredentialHeaders.Key, out var names))
        {
            foreach (var name in names) request.Headers.Remove(name);
        }
    }
}
