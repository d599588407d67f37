namespace Helr.Kernel.Polling;

/// <summary>What one poll cycle did.</summary>
internal sealed record CycleOutcome(string SourceId, int Pages, long Events, long Duplicates, Exception? Error)
{
    public bool Ok => Error is null;

    /// <summary>The newest event time written in this cycle (from the envelopes' <c>ts</c>), for the source's lag.</summary>
    public DateTimeOffset? NewestEventTime { get; init; }
}
