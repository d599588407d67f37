namespace Helr.Kernel.Config;

/// <summary>The per-source keys the kernel owns (the plugin owns request building and paging).</summary>
internal sealed record SourceSettings
{
    /// <summary>The source type of a source without a <c>type</c> key.</summary>
    public const string DefaultType = "generic";

    public required string Id { get; init; }
    public string Type { get; init; } = DefaultType;
    public double IntervalSecs { get; init; } = 60;
    public double JitterSecs { get; init; }
    public string? LabelKey { get; init; }
    public string? LabelValue { get; init; }
    public string? TimestampField { get; init; }
    public string? IdField { get; init; }
    public string? DedupeIdPath { get; init; }
    public int DedupeCapacity { get; init; } = 100_000;
    public bool CheckpointPerPage { get; init; } = true;
    public bool SkipCheckpointOnStateError { get; init; }
    public bool SkipParseErrors { get; init; }
    public long? MaxResponseBytes { get; init; }
    public int Priority { get; init; } = 10;
    public ResilienceConfig Resilience { get; init; } = ResilienceConfig.Default;
    public InvalidUtf8Policy OnInvalidUtf8 { get; init; }
    public long? MaxLineBytes { get; init; }
    public LineLimitBehavior MaxLineBytesBehavior { get; init; }
}
