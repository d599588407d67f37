namespace Helr.Kernel.Replay;

/// <summary>Outermost handler while recording: snapshots each request before redirects alter it.</summary>
internal sealed class RecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        request.Options.Set(RequestSnapshot.Key, await RequestSnapshot.TakeAsync(request, ct));
        return await base.SendAsync(request, ct);
    }
}
