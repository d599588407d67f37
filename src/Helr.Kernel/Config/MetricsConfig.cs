namespace Helr.Kernel.Config;

/// <summary><c>global.metrics</c>: the Prometheus endpoint's own listener (see docs/metrics.md).</summary>
internal sealed record MetricsConfig
{
    public const int DefaultPort = 9090;

    public bool Enabled { get; init; }

    /// <summary>Upstream's default: every interface, as a scraper usually runs on another host.</summary>
    public string Address { get; init; } = "0.0.0.0";
    /// <summary>0 picks a free port; the start-up log line names the one bound.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>The route the text exposition is served on (Helr's addition; upstream serves <c>/metrics</c> only).</summary>
    public string Path { get; init; } = "/metrics";
}
