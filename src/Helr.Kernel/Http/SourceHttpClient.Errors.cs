using Polly.CircuitBreaker;
using Helr.Kernel.Resilience;
using Polly.Timeout;

namespace Helr.Kernel.Http;

internal sealed partial class SourceHttpClient
{
    /// <summary>
    /// One line saying why a request failed, or null for failures that keep their own type
    /// (an oversized body). Never includes request headers or bodies, so never a credential.
    /// </summary>
    private string? Describe(Exception ex) => ex switch
    {
        BrokenCircuitException or CredentialsUnavailableException or CrossOriginCredentialsException => ex.Message,
        TimeoutRejectedException => $"timed out after {_config.RequestTimeout.TotalSeconds:0.###} s ({(_config.Timeouts.RequestSecs is null ? "timeout_secs" : "timeouts.request_secs")})",
        ReadTimeoutException => ex.Message,
        OperationCanceledException { InnerException: TimeoutException } =>
            $"connect timed out after {_config.ConnectTimeout.TotalSeconds:0.###} s (timeouts.connect_secs)",
        HttpRequestException { InnerException: { } inner } http when !http.Message.Contains(inner.Message, StringComparison.Ordinal) =>
            $"{http.Message.TrimEnd('.')}: {inner.Message}",
        HttpRequestException or IOException => ex.Message,
        OperationCanceledException => "request cancelled before it completed",
        _ => null,
    };
}

/// <summary>The authenticator could not get credentials (its token request failed after its own retries).</summary>
internal sealed class CredentialsUnavailableException(HttpRequestException inner)
    : Exception($"cannot get credentials: {inner.Message}", inner), IHealthNeutral;

/// <summary>
/// A request of an authenticated source went to an origin the source does not declare for its
/// credentials (<c>ISource.CredentialOrigins</c>): they are not sent there and the request is not
/// made. Names the origins, never a path or query.
/// </summary>
internal sealed class CrossOriginCredentialsException(IReadOnlyList<Uri> sourceOrigins, Uri target)
    : Exception($"not sending the source's credentials to {RedirectHandler.Origin(target).AbsoluteUri.TrimEnd('/')}: "
        + $"they belong to {string.Join(", ", sourceOrigins.Select(o => RedirectHandler.Origin(o).AbsoluteUri.TrimEnd('/')))} "
        + $"({(sourceOrigins.Count == 1 ? "the origin" : "the origins")} the source declares for its credentials); the request was not made"), IHealthNeutral;
