using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Serilog;

namespace Helr.Kernel.Polling;

/// <summary>
/// Counts the cycles in a row of one source that ended at the same page whose events could not be
/// read (on_parse_error: skip, and the cycle could not go past it: cursor paging needs its body for the
/// next request, page_offset keeps its offset at a run of failed pages, a page without a next link ends
/// the traversal). The reason names none of them: the kernel does not know the source's paging. From <see cref="UnhealthyAfter"/> cycles the source is unhealthy: each such cycle logs an
/// error naming the source and the reason, and <see cref="Cycles"/> / <see cref="Reason"/> are what a
/// health endpoint reports. The count is stored with the source's state (<see cref="StateKey"/>: the
/// count and hashes of the request and of the stored position, never either itself), so <c>run --once</c>
/// from cron and restarts count on.
/// A cycle counts on when it ended at the same request, or left the source's stored position where the
/// last one did (the next cycle starts there again). The request alone missed a source whose requests
/// carry a value computed afresh each time (an end time, a request id): each cycle's page was another,
/// and the count started over at 1 for ever while the position never moved.
/// </summary>
internal sealed class StalledPage(string sourceId, ILogger log, Observability.Telemetry.Telemetry telemetry)
{
    public const int UnhealthyAfter = 3;
    public const string StateKey = "helr:stalled_page";

    private string? _page;
    private string? _position;
    private bool _stored;

    /// <summary>Cycles in a row that stopped at the same unreadable page; 0 when the last cycle did not.</summary>
    public int Cycles { get; private set; }

    /// <summary>Why the source is stalled (page and parse error), or null.</summary>
    public string? Reason { get; private set; }

    public bool Unhealthy => Cycles >= UnhealthyAfter;

    /// <summary>A cycle starts: the count as stored (another instance or an earlier run may have moved it).</summary>
    public void Resume(IReadOnlyDictionary<string, string> state)
    {
        _stored = state.TryGetValue(StateKey, out var text) && text.Length > 0;
        var parts = _stored ? text!.Split(' ', 3) : Array.Empty<string>();
        if (parts.Length >= 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var cycles))
        {
            Cycles = cycles;
            _page = parts[1];
            _position = parts.Length == 3 ? parts[2] : null;
        }
        else
        {
            Cycles = 0;
            _page = null;
            _position = null;
        }
    }

    /// <summary>
    /// A cycle completed; <paramref name="request"/> identifies the unreadable page it stopped at, or is
    /// null. <paramref name="stored"/>: the source's state once the cycle's writes are done (with the request).
    /// Adds the new count to <paramref name="pending"/> (the cycle's last state write).
    /// </summary>
    public void CycleEnded(string? request, IReadOnlyDictionary<string, string>? stored, string? shownUrl, string? parseError, IDictionary<string, string> pending)
    {
        if (request is null || stored is null)
        {
            if (Unhealthy) log.Information("source {SourceId} is healthy again: it got past the page that could not be parsed", sourceId);
            _page = null;
            _position = null;
            Cycles = 0;
            Reason = null;
            if (_stored) pending[StateKey] = "";
        }
        else
        {
            var page = Hash(request);
            var position = Position(stored);
            Cycles = page == _page || position == _position ? Cycles + 1 : 1;
            (_page, _position) = (page, position);
            Reason = $"the page at {shownUrl} could not be parsed in {Cycles} cycle(s) in a row, and each of those cycles ended at it, "
                + $"so the source does not get past it (its position stays at or before it): {parseError}";
            if (Unhealthy) log.Error("source {SourceId} is unhealthy: {Reason}", sourceId, Reason);
            pending[StateKey] = $"{Cycles.ToString(CultureInfo.InvariantCulture)} {page} {position}";
        }
        telemetry.Emit(new Observability.Telemetry.Events.SourceStalled(sourceId, Cycles));
    }

    // The source's own keys only: the kernel's (this count, dedupe ids, a rotated credential) change
    // without the source moving; an emptied value is stored as no value.
    private static string Position(IReadOnlyDictionary<string, string> stored)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in stored.Where(e => e.Value.Length > 0 && !e.Key.StartsWith("helr:", StringComparison.Ordinal)).OrderBy(e => e.Key, StringComparer.Ordinal))
            text.Append(key.Length).Append(':').Append(key).Append(value.Length).Append(':').Append(value);
        return Hash(text.ToString());
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
