using Helr.PluginSdk.Auth;

namespace Helr.Kernel.Http;

// One attempt at a request: the rate-limit gate, credentials, then the exchange and its body under the
// attempt's deadline, inside the attempt pipeline's permits.
internal sealed partial class SourceHttpClient
{
    /// <summary>Takes over the rate limits the source's client before a reload restarted it still owes the API (<see cref="Resilience.SourcePipelines.Inherit"/>).</summary>
    public void Inherit(SourceHttpClient previous) => _pipelines.Inherit(previous._pipelines);

    private async ValueTask<HttpResponseMessage> AttemptAsync(Func<HttpRequestMessage> create, Func<HttpResponseMessage, AttemptDeadline, Task<ReadOnlyMemory<byte>>> readBody,
        bool withCredentials, CancellationToken ct)
    {
        await _pipelines.Gate.WaitAsync(ct);
        // A token request is made once it holds its permits: its DPoP proof and signed assertion say when
        // they were made, and a long wait for the bulkhead got them refused as too old.
        var request = withCredentials ? Create(create) : null;
        // Outside the attempt pipeline: a token fetch made here must not wait for a permit this request holds.
        if (request is not null) await ApplyCredentialsAsync(request, ct);
        var applied = _time.GetTimestamp();
        return await _pipelines.Attempt.ExecuteAsync(async token =>
        {
            if (request is null) request = Create(create);
            else RenewProof(request, applied);
            using var deadline = new AttemptDeadline(_pipelines.AttemptTimeout, _time, token);
            try
            {
                var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                ReadOnlyMemory<byte> body;
                try
                {
                    body = await readBody(response, deadline);
                }
                catch
                {
                    response.Dispose();
                    throw;
                }
                if (response.StatusCode == System.Net.HttpStatusCode.ProxyAuthenticationRequired && request.RequestUri is { Scheme: "http" } uri && ThroughProxy(uri))
                {
                    // Passed on, it was "HTTP 407 from <url>" with the proxy's page, naming no variable.
                    response.Dispose();
                    throw new ProxyRefusedException(Config.ProxyVariables.PlainHttp(Config.HostEnvironment.Instance));
                }
                _pipelines.Gate.Observe(response, body.Span);
                // A DPoP nonce may come with any answer, a 200 too: the next request must carry it.
                if (withCredentials && _auth is IResponseObserver observer) observer.Observe(response);
                return response;
            }
            catch (OperationCanceledException ex) when (deadline.Expired && !token.IsCancellationRequested)
            {
                throw deadline.Explain(ex);
            }
        }, ct);
    }

    // No proxy on the way (none set, or NO_PROXY names the host): the 407 is the API's own answer, and
    // "the proxy refused the credentials in HTTP_PROXY" named a variable that plays no part.
    private bool ThroughProxy(Uri uri) => _proxy() is { } proxy && !proxy.IsBypassed(uri) && proxy.GetProxy(uri) is not null;

    private static HttpRequestMessage Create(Func<HttpRequestMessage> create)
    {
        var request = create();
        if (request.Headers.UserAgent.Count == 0) request.Headers.TryAddWithoutValidation("User-Agent", HelrUserAgent.Value);
        return request;
    }
}
