namespace Helr.Kernel.Config;

/// <summary><c>resilience.rate_limit</c>.</summary>
internal sealed record RateLimitConfig
{
    public bool RespectHeaders { get; init; } = true;
    public double? PageDelaySecs { get; init; }
    public RateLimitHeadersConfig Headers { get; init; } = new();
    public double? MaxRequestsPerSecond { get; init; }
    public int? BurstSize { get; init; }
    public bool Adaptive { get; init; }

    /// <summary>Not a key: the vendor's <c>SourceDefaults.RateLimitMinimumWait</c>.</summary>
    public TimeSpan? MinimumWait { get; init; }

    /// <summary>Not a key: the vendor's <c>SourceDefaults.RateLimitMessage</c>.</summary>
    public string? RefusalMessage { get; init; }

    /// <summary>Not a key: the vendor's <c>SourceDefaults.RateLimitClassifier</c>.</summary>
    public Func<ReadOnlyMemory<byte>, bool>? RefusalClassifier { get; init; }
}
