namespace Helr.Kernel.Scheduling;

/// <summary>What a reload did: the plan applied, or the errors that kept the running config.</summary>
internal sealed record ReloadResult(bool Ok, IReadOnlyList<string> Errors, ConfigReloadPlan? Plan);
