namespace Helr.Kernel.Polling;

/// <summary>What one poll cycle did.</summary>
internal sealed record CycleOutcome(string SourceId, int Pages, long Events, long Duplicates, Exception? Error)
{
    public bool Ok => Error is null;
}
