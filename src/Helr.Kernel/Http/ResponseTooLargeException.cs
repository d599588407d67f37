using Helr.Kernel.Resilience;

namespace Helr.Kernel.Http;

internal sealed class ResponseTooLargeException(long limit)
    : Exception($"response body exceeds max_response_bytes ({limit} bytes); reading stopped"), IHealthNeutral
{
    /// <summary>The source's <c>max_response_bytes</c>, for the cycle that may recover (IPollCycle.OnResponseTooLarge).</summary>
    public long Limit => limit;
}
