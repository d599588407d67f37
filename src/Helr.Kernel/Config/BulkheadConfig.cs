namespace Helr.Kernel.Config;

/// <summary><c>global.bulkhead</c>. 0 or unset means no limit.</summary>
internal sealed record BulkheadConfig
{
    public int? MaxConcurrentSources { get; init; }

    /// <summary>Per-source request limit for sources that do not set <c>resilience.bulkhead.max_concurrent_requests</c>.</summary>
    public int? MaxConcurrentRequests { get; init; }
}
