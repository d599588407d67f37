namespace Helr.PluginSdk.Http;

/// <summary>
/// Sends HTTP requests with the source's timeouts, TLS, retries, rate limits and circuit breaker.
/// Plugins never build their own <see cref="HttpClient"/>. The sender in
/// <see cref="Sources.CycleContext.Sender"/> applies the source's credentials (to its
/// <see cref="Sources.ISource.CredentialOrigins"/> only); the one in <see cref="Auth.AuthContext.Sender"/>
/// applies none and never refreshes on 401, for token requests.
/// </summary>
public interface IHttpSender
{
    /// <summary>
    /// Sends the request built by <paramref name="createRequest"/> (called once per attempt, since a
    /// request message cannot be sent twice) and returns the final response, whatever its status,
    /// with its body already read. Throws <see cref="HttpRequestException"/> when no response came
    /// (connection failure, timeout, open circuit breaker) after the configured retries. A request of
    /// <see cref="Sources.CycleContext.Sender"/> whose method is not idempotent (POST, PATCH) is retried
    /// only when the server surely did not act on it (a 429, a connection never made).
    /// </summary>
    Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken);
}
