namespace Helr.Kernel.Config;

/// <summary><c>global.bulkhead</c>. 0 or unset means no limit, except for <see cref="MaxConnectionsPerHost"/>.</summary>
internal sealed record BulkheadConfig
{
    /// <summary>Connections one shared pool opens to one host when the key is unset (docs/resilience.md).</summary>
    public const int DefaultMaxConnectionsPerHost = 32;

    public int? MaxConcurrentSources { get; init; }

    /// <summary>Per-source request limit for sources that do not set <c>resilience.bulkhead.max_concurrent_requests</c>.</summary>
    public int? MaxConcurrentRequests { get; init; }

    /// <summary><c>max_connections_per_host</c>: null is <see cref="DefaultMaxConnectionsPerHost"/>, 0 no limit.</summary>
    public int? MaxConnectionsPerHost { get; init; }

    /// <summary>The cap each shared connection pool applies per host; 0 means none.</summary>
    public int ConnectionsPerHost => MaxConnectionsPerHost ?? DefaultMaxConnectionsPerHost;
}
