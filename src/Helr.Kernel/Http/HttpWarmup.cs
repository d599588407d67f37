using System.Net;
using System.Text;
using Helr.Kernel.Config;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;

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
        // Through a source's own client: its resilience pipelines (Polly's generic code over
        // HttpResponseMessage, the circuit breaker) and async methods are JIT-compiled here too.
        // Facts not recorded: metric series would load prometheus-net, which a run without metrics never needs.
        var telemetry = Observability.Telemetry.Telemetry.Create(Serilog.Core.Logger.None, recording: false);
        using var http = new SourceHttpClient("warmup", null, null, ResilienceConfig.Default, null, TimeProvider.System, Serilog.Core.Logger.None,
            telemetry: telemetry, handler: new RedirectHandler(sockets));
        var (page, scanner) = await http.FetchPageAsync(PageRequest.Get(new Uri("http://warmup.invalid/logs")), new PageBuffer(), CancellationToken.None,
            startScan: static () => ((IIncrementalEventExtractor)new JsonEventExtractor()).StartScan());
        _ = page.HeaderValues("Link").FirstOrDefault();
        var events = new List<Range>();
        scanner?.Complete(page.Body.Span, events);
        return (page.Body, events);
    }
}
