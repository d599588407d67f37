using System.Net;
using System.Net.Http.Headers;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;

namespace Helr.Kernel.Http;

/// <summary>
/// The HTTP side of one source: its own connection pool, its authenticator, User-Agent, and a
/// bounded body reader. Every request a source makes — data pages and token fetches — goes through
/// <see cref="SendAsync"/>.
/// </summary>
internal sealed class SourceHttpClient : IHttpSender, IDisposable
{
    /// <summary>Largest body read when the source sets no <c>max_response_bytes</c>.</summary>
    public const long DefaultMaxResponseBytes = 256L * 1024 * 1024;

    private readonly HttpClient _client;
    private readonly IAuthenticator? _auth;
    private readonly long _maxBody;

    public SourceHttpClient(IAuthenticator? auth, long? maxResponseBytes, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = timeout < TimeSpan.FromSeconds(10) ? timeout : TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
        };
        _client = new HttpClient(handler) { Timeout = timeout };
        _auth = auth;
        _maxBody = maxResponseBytes ?? DefaultMaxResponseBytes;
    }

    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken ct)
    {
        var response = await SendOnceAsync(createRequest, ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized && _auth is not null && await _auth.RefreshAsync(ct))
        {
            response.Dispose();
            response = await SendOnceAsync(createRequest, ct);
        }
        return response;
    }

    private async Task<HttpResponseMessage> SendOnceAsync(Func<HttpRequestMessage> createRequest, CancellationToken ct)
    {
        var request = createRequest();
        if (!request.Headers.UserAgent.Any()) request.Headers.TryAddWithoutValidation("User-Agent", HelrUserAgent.Value);
        if (_auth is not null) await _auth.ApplyAsync(request, ct);
        return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    /// <summary>Sends a page request and reads its whole body (up to the size limit) into <paramref name="buffer"/>.</summary>
    /// <remarks><paramref name="scanner"/> is fed the body as it arrives, for 2xx responses only.</remarks>
    public async Task<PageResponse> FetchPageAsync(PageRequest page, PageBuffer buffer, CancellationToken ct, IEventScanner? scanner = null)
    {
        using var response = await SendAsync(() => ToMessage(page), ct);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var success = response.IsSuccessStatusCode;
        var body = await buffer.ReadAllAsync(stream, _maxBody, ct, success ? scanner : null);
        var headers = new HttpResponseMessage().Headers;
        foreach (var h in response.Headers) headers.TryAddWithoutValidation(h.Key, h.Value);
        foreach (var h in response.Content.Headers) headers.TryAddWithoutValidation(h.Key, h.Value);
        var url = response.RequestMessage?.RequestUri ?? page.Url;
        return new PageResponse(page, (int)response.StatusCode, url, headers, body);
    }

    private static HttpRequestMessage ToMessage(PageRequest page)
    {
        var message = new HttpRequestMessage(page.Method, page.Url);
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
                message.Content.Headers.TryAddWithoutValidation(name, value);
            else
            {
                if (name.Equals("Accept", StringComparison.OrdinalIgnoreCase) || name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase))
                    message.Headers.Remove(name);
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return message;
    }

    public void Dispose() => _client.Dispose();
}
