namespace Helr.Kernel.Config;

/// <summary><c>global.load_shedding</c>.</summary>
internal sealed record LoadSheddingConfig
{
    /// <summary>Sources whose priority is below this are not polled while output is under load.</summary>
    public int? SkipPriorityBelow { get; init; }
}
