using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;

namespace Helr.Kernel.Resilience;

/// <summary>
/// Holds back the source's next request until a moment the server named: the reset time when
/// <c>adaptive</c> sees the window nearly used up (remaining ≤ 1), or the end of a 429's
/// Retry-After. Waiting here is not a failure: nothing is counted against the circuit breaker.
/// </summary>
/// <param name="minimumWait">The vendor's least wait after a rate limit that names none (<c>SourceDefaults.RateLimitMinimumWait</c>).</param>
internal sealed class RateLimitGate(string sourceId, RateLimitHeaders headers, bool adaptive, bool respectHeaders, TimeProvider time, Telemetry telemetry,
    TimeSpan? minimumWait = null)
{
    // The end of the pause as a monotonic timestamp (0: none yet). The headers name wall-clock moments, but a
    // pause kept as one lasted as much longer as the system clock was stepped back meanwhile (NTP, a VM snapshot).
    private long _notBefore;

    public async ValueTask WaitAsync(CancellationToken ct)
    {
        var notBefore = Interlocked.Read(ref _notBefore);
        if (notBefore == 0) return;
        var wait = -time.GetElapsedTime(notBefore);
        if (wait <= TimeSpan.Zero) return;
        telemetry.Emit(new RateLimitWaited(sourceId, wait));
        await Task.Delay(wait, time, ct);
    }

    /// <summary>Looks at a response's rate-limit headers (and a 403's body) and moves the gate when they ask for a pause.</summary>
    public void Observe(HttpResponseMessage response, ReadOnlySpan<byte> body = default)
    {
        headers.ReadRefusal(response, body);
        var now = time.GetUtcNow();
        TimeSpan? pause = null;
        var limited = (int)response.StatusCode == 429 || headers.IsRateLimitRefusal(response);
        // As the retry's wait (RetryPolicy): a Retry-After already due ("0") gives way to the reset header.
        if (respectHeaders && limited)
            pause = RetryAfterDelay.FromRetryAfter(response, now) is { } retryAfter && retryAfter > TimeSpan.Zero ? retryAfter : headers.UntilSpentWindowResets(response, now);
        else if (adaptive && headers.Remaining(response) is <= 1)
            pause = headers.UntilReset(response, now);
        // The retry waits the vendor's least wait; without this the next cycle, once the attempts were spent, asked
        // again within it (GitHub may block integrations that keep retrying its secondary limits).
        if (limited && pause is not { Ticks: > 0 } && minimumWait is { Ticks: > 0 } least) pause = least;
        if (pause is not { } p || p <= TimeSpan.Zero) return;
        Extend(time.GetTimestamp() + (long)(p.TotalSeconds * time.TimestampFrequency));
    }

    /// <summary>Takes over the pause the source's gate before a reload restarted it still holds.</summary>
    public void Inherit(RateLimitGate previous) => Extend(Interlocked.Read(ref previous._notBefore));

    private void Extend(long until)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref _notBefore);
            if (current >= until) return;
        } while (Interlocked.CompareExchange(ref _notBefore, until, current) != current);
    }
}
