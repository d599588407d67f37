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
            return caller.IsCancellationRequested || ex is IHealthNeutral or RateLimiterRejectedException ? Verdict.Neutral : Verdict.Failure;
        var status = (int)outcome.Result!.StatusCode;
        if (status == 429) return Verdict.Neutral;
        return status >= 500 || status == 408 ? Verdict.Failure : Verdict.Success;
    }

    /// <summary>
    /// Connection failures, resets and timeouts are worth another attempt; a refused TLS handshake,
    /// an oversized body or a shutdown are not (the next attempt would end the same way).
    /// </summary>
    public static bool IsTransient(Exception ex, CancellationToken caller) => !caller.IsCancellationRequested && ex switch
    {
        HttpRequestException http => http.HttpRequestError != HttpRequestError.SecureConnectionError && http.InnerException is not AuthenticationException,
        TimeoutRejectedException => true,
        IOException => true, // also the HTTP layer's ReadTimeoutException (a stalled body)
        OperationCanceledException => true, // connect timeout surfaces as a cancellation the caller did not ask for
        _ => false,
    };
}
