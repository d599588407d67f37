using Serilog;

namespace Helr.Kernel.Polling;

/// <summary>
/// Counts the cycles in a row of one source that ended at the same page whose events could not be
/// read (on_parse_error: skip, next request depending on the body, so the cycle cannot go past it).
/// From <see cref="UnhealthyAfter"/> cycles the source is unhealthy: each such cycle logs an error
/// naming the source and the reason, and <see cref="Cycles"/> / <see cref="Reason"/> are what a health
/// endpoint reports. Kept in memory: a restart starts counting again.
/// </summary>
internal sealed class StalledPage(string sourceId, ILogger log)
{
    public const int UnhealthyAfter = 3;

    private string? _page;

    /// <summary>Cycles in a row that stopped at the same unreadable page; 0 when the last cycle did not.</summary>
    public int Cycles { get; private set; }

    /// <summary>Why the source is stalled (page and parse error), or null.</summary>
    public string? Reason { get; private set; }

    public bool Unhealthy => Cycles >= UnhealthyAfter;

    /// <summary>A cycle completed; <paramref name="page"/> identifies the unreadable page it stopped at, or is null.</summary>
    public void CycleEnded(string? page, string? shownUrl, string? parseError)
    {
        if (page is null)
        {
            if (Unhealthy) log.Information("source {SourceId} is healthy again: it got past the page that could not be parsed", sourceId);
            _page = null;
            Cycles = 0;
            Reason = null;
        }
        else
        {
            Cycles = page == _page ? Cycles + 1 : 1;
            _page = page;
            Reason = $"the page at {shownUrl} could not be parsed in {Cycles} cycle(s) in a row, and the next request depends on its body, so the source cannot move past it: {parseError}";
            if (Unhealthy) log.Error("source {SourceId} is unhealthy: {Reason}", sourceId, Reason);
        }
        PageMetrics.Stalled(sourceId, Cycles);
    }
}
