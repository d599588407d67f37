using System.Globalization;

namespace Helr.Kernel.Resilience;

/// <summary>
/// Turns the server's "wait" headers into a delay: <c>Retry-After</c> (seconds or HTTP-date) and a
/// rate-limit reset header (Unix time). Server-requested waits are honoured as sent up to
/// <see cref="MaxServerWait"/>, so a bogus header cannot park a source for days.
/// </summary>
internal static class RetryAfterDelay
{
    public static readonly TimeSpan MaxServerWait = TimeSpan.FromHours(1);

    // Values below this are deltas (seconds to wait), not Unix times: 10^9 s is September 2001.
    private const double EpochThreshold = 1_000_000_000;

    /// <summary>
    /// The wait <c>Retry-After</c> asks for, or null when the header is absent or unreadable. A date is a
    /// moment on the API's clock, so it is measured from the response's <c>Date</c> when there is one.
    /// </summary>
    public static TimeSpan? FromRetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return Clamp(delta);
        if (header?.Date is { } date) return Clamp(date - (response.Headers.Date ?? now));
        // HttpHeaders rejects non-integer deltas ("1.5"); some APIs send them anyway.
        if (response.Headers.TryGetValues("Retry-After", out var raw) &&
            double.TryParse(raw.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var secs) && double.IsFinite(secs))
            return Seconds(secs);
        return null;
    }

    /// <summary>
    /// The wait until a reset header's moment: Unix seconds (GitHub, Okta), or seconds from now when
    /// the value is too small to be a date. Null when absent or unreadable; zero when already past.
    /// </summary>
    public static TimeSpan? FromReset(string? value, DateTimeOffset now)
    {
        if (value is null || !double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number) || number < 0)
            return null;
        if (number < EpochThreshold) return Seconds(number);
        var epochMs = number > 100 * EpochThreshold ? number : number * 1000; // some APIs send milliseconds
        return Clamp(DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Min(epochMs, 253_402_300_799_000)) - now);
    }

    // Clamped before the conversion: TimeSpan.FromSeconds throws past ~29,000 years (a Retry-After
    // holding a Unix time in milliseconds gets there), which failed the request instead of waiting.
    private static TimeSpan Seconds(double secs) => TimeSpan.FromSeconds(Math.Clamp(secs, 0, MaxServerWait.TotalSeconds));

    private static TimeSpan Clamp(TimeSpan wait) =>
        wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxServerWait ? MaxServerWait : wait;
}
