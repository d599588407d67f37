namespace Helr.Kernel.Replay;

/// <summary>
/// Stands in for the network of one source during <c>--replay-dir</c>: every request, data page or
/// token request, whatever its host, is answered from the source's recording, so links to the
/// recorded API and POST sources replay too.
/// </summary>
internal sealed class ReplayHandler(SourceRecording recording) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(ct);
        var exchange = recording.Next(request, body, request.Options.TryGetValue(Text.CredentialHeaders.ForToken, out var token) && token);
        // The live request was redirected: links in the answer are relative to where it ended up.
        if (exchange.RequestUrl is not null && exchange.Url != exchange.RequestUrl && Uri.TryCreate(exchange.Url, UriKind.Absolute, out var final))
            request.RequestUri = final;
        var response = new HttpResponseMessage((System.Net.HttpStatusCode)exchange.Status)
        {
            RequestMessage = request,
            Content = new ByteArrayContent(exchange.Body),
        };
        foreach (var (name, value) in exchange.Headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value)) response.Content.Headers.TryAddWithoutValidation(name, value);
        }
        return response;
    }
}
