namespace Helr.Kernel.Config;

/// <summary>The <c>global:</c> section.</summary>
internal sealed record GlobalConfig
{
    public string LogLevel { get; init; } = "info";
    public string? LogFormat { get; init; }
    public string SourceLabelKey { get; init; } = "source";
    public string SourceLabelValue { get; init; } = "helr";
    public StateConfig State { get; init; } = new();
    public BulkheadConfig Bulkhead { get; init; } = new();
    public BackpressureConfig Backpressure { get; init; } = new();
    public LoadSheddingConfig LoadShedding { get; init; } = new();
    public OutputConfig Output { get; init; } = new();
}

/// <summary><c>global.state</c>.</summary>
internal sealed record StateConfig
{
    public const string DefaultPath = "./helr-state.db";

    /// <summary>memory, sqlite, redis or postgres. No <c>state</c> block means memory, as upstream.</summary>
    public string Backend { get; init; } = "memory";
    public string Path { get; init; } = DefaultPath;
    public string? Url { get; init; }
}
