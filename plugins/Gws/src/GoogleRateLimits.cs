namespace Helr.Plugins.Gws;

/// <summary>
/// How Google's APIs say "too many requests": 429 or 503, and also 403 with the reason
/// <c>rateLimitExceeded</c> or <c>userRateLimitExceeded</c> (per project, per user). Such a 403 is
/// waited out like a 429; a 403 with any other reason (a missing scope or delegation) still fails at once.
/// </summary>
internal static class GoogleRateLimits
{
    public static readonly int[] RetryableStatusCodes = { 403, 429, 500, 502, 503, 504 };

    /// <summary>Matched case-insensitively, so both reasons contain it.</summary>
    public const string Message = "rateLimitExceeded";
}
