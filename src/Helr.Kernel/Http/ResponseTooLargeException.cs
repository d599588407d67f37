using Helr.Kernel.Resilience;

namespace Helr.Kernel.Http;

internal sealed class ResponseTooLargeException(long limit)
    : Exception($"response body exceeds max_response_bytes ({limit} bytes); reading stopped"), IHealthNeutral;
