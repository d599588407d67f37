using System.Security.Authentication;
using Polly;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Helr.Kernel.Resilience;

/// <summary>How the breaker and the retry judge the outcome of a request.</summary>
internal static class HttpOutcome
{
    public static Verdict Judge(Outcome<HttpResponseMessage> outcome, CancellationToken caller)
    {
        if (outcome.Exception is { } ex)
            return caller.IsCancellationRequested || ex is IHealthNeutral or RateLimiterRejectedException || IsProxyRefusal(ex) || !FromTheExchange(ex) ? Verdict.Neutral : Verdict.Failure;
        var status = (int)outcome.Result!.StatusCode;
        if (status == 429) return Verdict.Neutral;
        return status >= 500 || status == 408 ? Verdict.Failure : Verdict.Success;
    }

    // What the exchange with the API throws: connection errors, resets, stalled bodies, a corrupt compressed body,
    // timeouts (a connect timeout is a cancellation nobody asked for). Anything else failed on this host before the API could answer (a secret
    // file gone, a plugin's fault building the request): counted, it opened the circuit on an API that was up.
    private static bool FromTheExchange(Exception ex) => ex is HttpRequestException or IOException or InvalidDataException or TimeoutRejectedException or OperationCanceledException;

    /// <summary>
    /// A proxy that refused the credentials of its URL (407 to the tunnel request): wrong until the user fixes
    /// the variable, so no later attempt gets past it, and it says nothing of the API's health.
    /// </summary>
    public static bool IsProxyRefusal(Exception ex) => ex is HttpRequestException { HttpRequestError: HttpRequestError.ProxyTunnelError } http
        && (http.StatusCode == System.Net.HttpStatusCode.ProxyAuthenticationRequired || http.Message.Contains("'407'", StringComparison.Ordinal));

    /// <summary>
    /// Connection failures, resets and timeouts are worth another attempt; a refused TLS handshake,
    /// a proxy refusing its credentials, an oversized body or a shutdown are not (the next attempt would end the same way).
    /// </summary>
    public static bool IsTransient(Exception ex, CancellationToken caller) => !caller.IsCancellationRequested && ex switch
    {
        HttpRequestException http when IsProxyRefusal(http) => false,
        HttpRequestException http => http.HttpRequestError != HttpRequestError.SecureConnectionError && http.InnerException is not AuthenticationException,
        TimeoutRejectedException => true,
        IOException => true, // also the HTTP layer's ReadTimeoutException (a stalled body)
        OperationCanceledException => true, // connect timeout surfaces as a cancellation the caller did not ask for
        _ => false,
    };
}
