using Helr.PluginSdk.Events;

namespace Helr.Kernel.Http;

// Reading a page's body: whole into the page buffer, or streamed to a sink (docs/performance.md).
internal sealed partial class SourceHttpClient
{
    /// <summary>Whether responses are recorded (<c>--record-dir</c>): a recording needs whole bodies.</summary>
    public bool Records => _tap is not null;

    // The body (whole, or the skeleton of a streamed one) and the whole body's length.
    private async Task<(ReadOnlyMemory<byte> Body, long Length)> ReadPageBodyAsync(HttpResponseMessage response, PageBuffer buffer, IEventScanner? scanner,
        Func<HttpResponseMessage, IBodyWindowSink?>? stream, CancellationToken ct)
    {
        await using var input = WithReadTimeout(await response.Content.ReadAsStreamAsync(ct));
        var sink = scanner is { CanWindow: true } ? stream?.Invoke(response) : null;
        if (sink is null)
        {
            var body = await buffer.ReadAllAsync(input, _maxBody, ct, scanner, response.Content.Headers.ContentLength);
            return (body, body.Length);
        }
        var read = await buffer.ReadStreamingAsync(input, _maxBody, scanner!, sink, sink.ThresholdBytes, response.Content.Headers.ContentLength, ct);
        sink.End(read);
        return (read.Body, read.Length);
    }
}
