using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Helr.Kernel.Http;

internal sealed partial class SourceHttpClient
{
    /// <summary>
    /// One line saying why a request failed, or null for failures that keep their own type
    /// (an oversized body). Never includes request headers or bodies, so never a credential; nor the
    /// user info of a URL in .NET's message (a refused proxy tunnel names the proxy, password and all).
    /// </summary>
    private string? Describe(Exception ex) => Explain(ex) is { } reason ? Text.UrlText.RedactUserInfo(reason) : null;

    private string? Explain(Exception ex) => ex switch
    {
        BrokenCircuitException or CredentialsUnavailableException or CrossOriginCredentialsException or ProxyRefusedException or Replay.RecordingException => ex.Message,
        TimeoutRejectedException => $"timed out after {_config.RequestTimeout.TotalSeconds:0.###} s ({(_config.Timeouts.RequestSecs is null ? "timeout_secs" : "timeouts.request_secs")})",
        ReadTimeoutException => ex.Message,
        OperationCanceledException { InnerException: TimeoutException } =>
            $"connect timed out after {_config.ConnectTimeout.TotalSeconds:0.###} s (timeouts.connect_secs)",
        HttpRequestException http when Resilience.HttpOutcome.IsProxyRefusal(http) =>
            $"the proxy refused the credentials in {Config.ProxyVariables.Tunnel(Config.HostEnvironment.Instance)} (407 Proxy Authentication Required): "
            + $"check the user and password in its URL; not retried ({http.Message.TrimEnd('.')})",
        HttpRequestException { InnerException: { } inner } http when !http.Message.Contains(inner.Message, StringComparison.Ordinal) =>
            $"{http.Message.TrimEnd('.')}: {inner.Message}",
        HttpRequestException or IOException => ex.Message,
        OperationCanceledException => "request cancelled before it completed",
        _ => null,
    };
}
