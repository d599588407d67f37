namespace Helr.Kernel.Config;

/// <summary><c>global.output.http</c>.</summary>
internal sealed record HttpOutputConfig
{
    public int BatchSize { get; init; } = 100;
    public long BatchTimeoutMs { get; init; } = 500;
    public ValueMap<string> Headers { get; init; } = ValueMap<string>.Empty;
    public long TimeoutSecs { get; init; } = 30;
    public int MaxRetries { get; init; } = 3;
}
