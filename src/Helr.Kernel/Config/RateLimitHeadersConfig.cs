namespace Helr.Kernel.Config;

/// <summary>
/// <c>resilience.rate_limit.headers</c>. A null name means "the usual spellings": both
/// <c>X-RateLimit-*</c> (GitHub, most APIs) and <c>X-Rate-Limit-*</c> (Okta) are tried.
/// </summary>
internal sealed record RateLimitHeadersConfig
{
    public string? LimitHeader { get; init; }
    public string? RemainingHeader { get; init; }
    public string? ResetHeader { get; init; }
}
