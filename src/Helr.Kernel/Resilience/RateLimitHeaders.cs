using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Helr.Kernel.Config;

namespace Helr.Kernel.Resilience;

/// <summary>
/// Reads rate-limit headers with the names from <c>rate_limit.headers</c>. Unset names try both
/// common spellings: <c>X-RateLimit-*</c> (GitHub and most APIs) and <c>X-Rate-Limit-*</c> (Okta).
/// </summary>
/// <param name="otherLimitsShareHeaders">
/// The vendor's refusals with requests left are another limit's, its reset headers the primary window's (GitHub:
/// a vendor naming <c>SourceDefaults.RateLimitMinimumWait</c>); elsewhere a 429's reset is its wait, as upstream.
/// </param>
/// <param name="refusalClassifier">The vendor's reading of a 403's body (<c>SourceDefaults.RateLimitClassifier</c>).</param>
internal sealed class RateLimitHeaders(RateLimitHeadersConfig names, string? refusalMessage = null, bool otherLimitsShareHeaders = false,
    Func<ReadOnlyMemory<byte>, bool>? refusalClassifier = null)
{
    private const int MaxClassifiedBody = 64 * 1024;

    // 403s whose body named the vendor's rate limit: the retry decides on the response, its body read into a page buffer by then.
    private readonly ConditionalWeakTable<HttpResponseMessage, object> _refusals = new();
    private readonly byte[]? _refusalMessage = string.IsNullOrEmpty(refusalMessage) ? null : Encoding.UTF8.GetBytes(refusalMessage.ToLowerInvariant());
    private readonly string[] _remaining = Names(names.RemainingHeader, "Remaining");
    private readonly string[] _reset = Names(names.ResetHeader, "Reset");

    /// <summary>Requests left in the current window, or null when the response does not say.</summary>
    public long? Remaining(HttpResponseMessage response) =>
        long.TryParse(First(response, _remaining), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>
    /// Time until the window resets, or null when the response does not say. The reset is a moment on
    /// the API's clock, so it is measured from the response's <c>Date</c> when there is one: against
    /// this host's clock, one running ahead of the API's by more than the window saw every reset as past.
    /// </summary>
    public TimeSpan? UntilReset(HttpResponseMessage response, DateTimeOffset now) =>
        RetryAfterDelay.FromReset(First(response, _reset), response.Headers.Date ?? now);

    /// <summary>
    /// The wait until the reset for a refusal. For a vendor whose other limits share these headers, only when
    /// that window is what refused the request (its remaining count is 0 or not given): GitHub's secondary
    /// limits carry the primary limit's headers, its reset up to an hour away, which is no wait of theirs.
    /// Any other API's 429 is waited out until its reset, as upstream: its headers are the limit's it has.
    /// </summary>
    public TimeSpan? UntilSpentWindowResets(HttpResponseMessage response, DateTimeOffset now) =>
        otherLimitsShareHeaders && Remaining(response) is > 0 ? null : UntilReset(response, now);

    /// <summary>
    /// True when a 403 is the API's rate limit rather than a refusal: it carries <c>Retry-After</c> or
    /// a remaining count of 0 (GitHub's secondary and primary limits answer 403 this way).
    /// </summary>
    public bool IsRateLimitRefusal(HttpResponseMessage response) =>
        (int)response.StatusCode == 403 && (response.Headers.Contains("Retry-After") || Remaining(response) == 0 || _refusals.TryGetValue(response, out _));

    /// <summary>
    /// Notes a 403 whose body holds the vendor's rate-limit message (<c>SourceDefaults.RateLimitMessage</c>), or
    /// that the vendor's classifier reads as one: GitHub's secondary limits may say so only there, with no
    /// Retry-After and requests left; Google's limits only in the error's reason or status.
    /// </summary>
    public void ReadRefusal(HttpResponseMessage response, ReadOnlySpan<byte> body)
    {
        if ((int)response.StatusCode != 403 || body.IsEmpty) return;
        if (refusalClassifier is not null && body.Length <= MaxClassifiedBody && Classify(body.ToArray())) _refusals.AddOrUpdate(response, true);
        if (_refusalMessage is null) return;
        // Error bodies are short; a page-sized one is no rate-limit message.
        var head = body[..Math.Min(body.Length, 4096)];
        Span<byte> lower = stackalloc byte[head.Length];
        for (var i = 0; i < head.Length; i++) lower[i] = head[i] is >= (byte)'A' and <= (byte)'Z' ? (byte)(head[i] | 0x20) : head[i];
        if (lower.IndexOf(_refusalMessage) >= 0) _refusals.AddOrUpdate(response, true);
    }

    // A plugin's classifier that throws reads the 403 as a refusal: failing at once, rather than the request's retry machinery.
    private bool Classify(ReadOnlyMemory<byte> body)
    {
        try
        {
            return refusalClassifier!(body);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }
    }

    private static string[] Names(string? configured, string suffix) =>
        configured is not null ? new[] { configured } : new[] { "X-RateLimit-" + suffix, "X-Rate-Limit-" + suffix };

    private static string? First(HttpResponseMessage response, string[] names)
    {
        foreach (var name in names)
        {
            if (response.Headers.TryGetValues(name, out var values)) return values.FirstOrDefault();
        }
        return null;
    }
}
