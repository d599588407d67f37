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
    public DegradationConfig Degradation { get; init; } = new();
    public Helr.PluginSdk.Sources.HookSettings Hooks { get; init; } = Helr.PluginSdk.Sources.HookSettings.Disabled;
    public MetricsConfig Metrics { get; init; } = new();

    /// <summary>Null when the block is absent: SIGUSR1 then keeps the OS default action.</summary>
    public DumpOnSigusr1Config? DumpOnSigusr1 { get; init; }
    public AuditConfig Audit { get; init; } = new();
    public ApiConfig Api { get; init; } = new();
    public ReloadConfig Reload { get; init; } = new();
}
