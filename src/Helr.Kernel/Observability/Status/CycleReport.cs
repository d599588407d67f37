namespace Helr.Kernel.Observability.Status;

/// <summary>What the board needs of one finished cycle.</summary>
internal sealed record CycleReport(bool Ok, int Pages, long Events, string? Error, DateTimeOffset? NewestEventTime);
