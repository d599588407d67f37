namespace Helr.Kernel.Scheduling;

/// <summary>
/// What a reload did: the plan applied, or the errors that kept the running config. <see cref="ShuttingDown"/>:
/// refused because helr is stopping (the file was not the problem).
/// </summary>
internal sealed record ReloadResult(bool Ok, IReadOnlyList<string> Errors, ConfigReloadPlan? Plan, bool ShuttingDown = false)
{
    public const string ShuttingDownError = "helr is shutting down; reload not applied";
}
