namespace Helr.PluginSdk.Sources;

/// <summary>
/// Which response headers carry a vendor's rate-limit state (<c>resilience.rate_limit.headers</c>).
/// A null name is not read; <c>Retry-After</c> is always honoured.
/// </summary>
public sealed record RateLimitHeaderNames
{
    /// <summary><c>limit_header</c>: requests allowed per window, e.g. <c>X-Rate-Limit-Limit</c>.</summary>
    public string? Limit { get; init; }

    /// <summary><c>remaining_header</c>: requests left in the window, e.g. <c>X-Rate-Limit-Remaining</c>.</summary>
    public string? Remaining { get; init; }

    /// <summary><c>reset_header</c>: when the window resets (Unix seconds or seconds to wait), e.g. <c>X-Rate-Limit-Reset</c>.</summary>
    public string? Reset { get; init; }
}
