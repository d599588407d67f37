namespace Helr.Kernel.Observability.Status;

/// <summary>A point-in-time copy of one source's row of the <see cref="SourceStatusBoard"/>.</summary>
internal sealed record SourceStatusSnapshot
{
    public long Cycles { get; init; }
    public DateTimeOffset? LastPoll { get; init; }
    public DateTimeOffset? LastSuccess { get; init; }

    /// <summary>The most recent failure, kept after later successes (with its time) so it can still be read.</summary>
    public string? LastError { get; init; }
    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>Failed cycles since the last successful one: 0 means the source currently works.</summary>
    public int FailuresInARow { get; init; }

    /// <summary>The newest event time written so far; lag is now minus this.</summary>
    public DateTimeOffset? NewestEventTime { get; init; }
    public double? LagSeconds { get; init; }

    /// <summary>Events written in each of the last 60 minutes, oldest first (the current minute last).</summary>
    public required IReadOnlyList<long> EventsPerMinute { get; init; }
}
