namespace Helr.PluginSdk.Http;

/// <summary>
/// Sends HTTP requests with the source's timeouts, TLS, retries, rate limits and circuit breaker.
/// Plugins never build their own <see cref="HttpClient"/>.
/// </summary>
public interface IHttpSender
{
    /// <summary>
    /// Sends the request built by <paramref name="createRequest"/> (called once per attempt, since a
    /// request message cannot be sent twice) and returns the final response, whatever its status.
    /// </summary>
    Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken);
}
