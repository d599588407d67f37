using Helr.PluginSdk.Events;

namespace Helr.Kernel.Http;

// Reading a page's body: whole into the page buffer, or streamed to a sink (docs/performance.md).
internal sealed partial class SourceHttpClient
{
    /// <summary>Whether responses are recorded (<c>--record-dir</c>): a recording needs whole bodies.</summary>
    public bool Records => _tap is not null;

    // The body (whole, or the skeleton of a streamed one) and the whole body's length.
    private async Task<(ReadOnlyMemory<byte> Body, long Length)> ReadPageBodyAsync(HttpResponseMessage response, PageBuffer buffer, IEventScanner? scanner,
        Func<HttpResponseMessage, IBodyWindowSink?>? stream, AttemptDeadline deadline)
    {
        var ct = deadline.Token;
        await using var input = WithReadTimeout(await response.Content.ReadAsStreamAsync(ct));
        var sink = scanner is { CanWindow: true } && stream?.Invoke(response) is { } taker ? new PausingSink(taker, deadline) : null;
        if (sink is null)
        {
            var body = await buffer.ReadAllAsync(input, _maxBody, ct, scanner, response.Content.Headers.ContentLength);
            return (body, body.Length);
        }
        var read = await buffer.ReadStreamingAsync(input, _maxBody, scanner!, sink, sink.ThresholdBytes, response.Content.Headers.ContentLength, ct);
        sink.End(read);
        return (read.Body, read.Length);
    }

    /// <summary>
    /// Stops the attempt's clock while the sink has the events: they wait there for the pages before
    /// to reach the output, which a slow consumer stretches past any request timeout, and the request
    /// is not slow for it. Timed, that wait failed the page after re-fetching it and counted the
    /// source's API as failing with the circuit breaker.
    /// </summary>
    private sealed class PausingSink(IBodyWindowSink inner, AttemptDeadline deadline) : IBodyWindowSink
    {
        public int ThresholdBytes => inner.ThresholdBytes;
        public int WindowBytes => inner.WindowBytes;

        public async ValueTask TakeAsync(ReadOnlyMemory<byte> body, IReadOnlyList<Range> events, CancellationToken ct)
        {
            deadline.Pause();
            try
            {
                await inner.TakeAsync(body, events, ct);
            }
            finally
            {
                deadline.Resume();
            }
        }

        public void End(BodyRead read) => inner.End(read);
    }
}
