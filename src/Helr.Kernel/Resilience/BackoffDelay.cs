using Helr.Kernel.Config;

namespace Helr.Kernel.Resilience;

/// <summary>
/// Exponential backoff with a free multiplier (Polly's exponential type is fixed at ×2):
/// initial × multiplier^attempt, capped at max_backoff_secs, then × (1 + U(−jitter, +jitter)).
/// </summary>
internal static class BackoffDelay
{
    /// <param name="attempt">0 for the wait after the first attempt.</param>
    /// <param name="random">A value in [0, 1); injectable so tests can pin the jitter.</param>
    public static TimeSpan Compute(RetriesConfig retries, int attempt, double random)
    {
        var secs = retries.InitialBackoffSecs * Math.Pow(retries.Multiplier, attempt);
        if (retries.MaxBackoffSecs is { } max) secs = Math.Min(secs, max);
        if (retries.Jitter is { } jitter && jitter > 0) secs *= 1 + (random * 2 - 1) * jitter;
        // A day is far beyond any sane backoff and keeps TimeSpan arithmetic away from overflow.
        return TimeSpan.FromSeconds(Math.Clamp(double.IsFinite(secs) ? secs : 86_400, 0, 86_400));
    }
}
