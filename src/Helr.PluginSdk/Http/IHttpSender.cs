namespace Helr.PluginSdk.Http;

/// <summary>
/// Sends HTTP requests with the source's timeouts, TLS, retries, rate limits and circuit breaker.
/// Plugins never build their own <see cref="HttpClient"/>. Requests sent from inside the source's
/// own <see cref="Auth.IAuthenticator"/> (token fetches) get no source credentials and no 401 refresh.
/// </summary>
public interface IHttpSender
{
    /// <summary>
    /// Sends the request built by <paramref name="createRequest"/> (called once per attempt, since a
    /// request message cannot be sent twice) and returns the final response, whatever its status,
    /// with its body already read. Throws <see cref="HttpRequestException"/> when no response came
    /// (connection failure, timeout, open circuit breaker) after the configured retries.
    /// </summary>
    Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken);
}
