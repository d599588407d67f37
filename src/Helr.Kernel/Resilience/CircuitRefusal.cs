using Polly.CircuitBreaker;

namespace Helr.Kernel.Resilience;

/// <summary>
/// Whether a failure is the open circuit breaker refusing a request, with nothing sent, however the
/// layers above wrapped it (the HTTP client, the cycle, a plugin that rethrows with the cause kept).
/// </summary>
internal static class CircuitRefusal
{
    /// <summary>The refusal's own message (<c>circuit breaker open: no request sent; …</c>), or null for any other failure.</summary>
    public static string? Of(Exception? error)
    {
        // Bounded: a plugin's exception could chain back to itself.
        for (var depth = 0; error is not null && depth < 16; error = error.InnerException, depth++)
        {
            if (error is BrokenCircuitException refused) return refused.Message;
        }
        return null;
    }
}
