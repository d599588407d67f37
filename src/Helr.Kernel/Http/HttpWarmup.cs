using System.Net;
using System.Text;
using Helr.PluginSdk.Events;

namespace Helr.Kernel.Http;

/// <summary>
/// One page fetched the way a source fetches one — <see cref="RedirectHandler"/> over a
/// <see cref="SocketsHttpHandler"/> configured as the sources' own, the body read into a
/// <see cref="PageBuffer"/> while the event scanner runs — but answered in memory: the connection is
/// a canned response and no socket is opened. Run on the idle core at start-up, it pays ahead the
/// first real request's one-time costs (loading the HTTP stack and JIT-compiling its generic code over
/// the framework's own types, which ReadyToRun images cannot hold).
/// </summary>
internal static class HttpWarmup
{
    /// <summary>The canned page: two events in the shape most audit APIs use.</summary>
    public static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"items":[{"uuid":"w1","published":"2025-01-01T00:00:00.000Z","eventType":"warmup","n":1,"ok":true,"tags":["a"]},{"uuid":"w2","published":"2025-01-01T00:00:01.000Z","eventType":"warmup","n":2,"ok":false,"x":null}]}""");

    private static readonly byte[] Response = Encoding.ASCII.GetBytes(
        $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Body.Length}\r\nLink: <http://warmup.invalid/logs?after=1>; rel=\"next\"\r\n\r\n")
        .Concat(Body).ToArray();

    /// <summary>Fetches the canned page; returns its body and the events the scanner found in it.</summary>
    public static async Task<(ReadOnlyMemory<byte> Body, List<Range> Events)> FetchAsync()
    {
        var sockets = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            UseCookies = false,
            ConnectCallback = static (_, _) => ValueTask.FromResult<Stream>(new CannedConnection(Response)),
        };
        using var client = new HttpClient(new RedirectHandler(sockets));
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://warmup.invalid/logs");
        request.Headers.TryAddWithoutValidation("User-Agent", HelrUserAgent.Value);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        _ = response.Headers.TryGetValues("Link", out _);
        var scanner = ((IIncrementalEventExtractor)new JsonEventExtractor()).StartScan();
        await using var stream = await response.Content.ReadAsStreamAsync();
        var body = await new PageBuffer().ReadAllAsync(stream, 1 << 20, CancellationToken.None, scanner, response.Content.Headers.ContentLength);
        var events = new List<Range>();
        scanner.Complete(body.Span, events);
        return (body, events);
    }
}
