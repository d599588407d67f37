namespace Helr.Kernel.Scheduling;

/// <summary>
/// What a reload did: the plan applied, or the errors that kept the running config. <see cref="NotNow"/>:
/// refused because helr is starting or stopping (the file was not the problem).
/// </summary>
internal sealed record ReloadResult(bool Ok, IReadOnlyList<string> Errors, ConfigReloadPlan? Plan, bool NotNow = false)
{
    public const string ShuttingDownError = "helr is shutting down; reload not applied";
    /// <summary>The applied file's warnings (a key that does nothing, a jitter past its interval), as <c>helr run</c> logs them at start.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public const string StartingError = "helr is still starting its sources; reload not applied, send it again";
}
