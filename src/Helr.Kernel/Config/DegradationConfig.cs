namespace Helr.Kernel.Config;

/// <summary><c>global.degradation</c>: what happens while the state store cannot be reached.</summary>
internal sealed record DegradationConfig
{
    /// <summary><c>state_store_fallback: memory</c>: keep collecting with state in memory instead of failing.</summary>
    public bool FallbackToMemory { get; init; }

    /// <summary><c>emit_without_checkpoint</c>: a failed checkpoint write is logged and skipped for every source.</summary>
    public bool EmitWithoutCheckpoint { get; init; }

    /// <summary><c>reduced_frequency_multiplier</c>: source intervals are multiplied by this while in fallback.</summary>
    public double ReducedFrequencyMultiplier { get; init; } = 2.0;
}
