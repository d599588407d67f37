using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;

namespace Helr.PluginSdk.Paging;

/// <summary>
/// Counts the pages and body bytes of one cycle against <c>max_pages</c> and <c>max_bytes</c>, and
/// applies <c>stop_on_empty_page</c>. A cycle calls <see cref="Count(PageResponse, EventBatch)"/> once per page and stops when
/// it returns anything but <see cref="PageStopReason.None"/>.
/// </summary>
public sealed class PageLimits
{
    /// <summary>Creates the limits of one cycle.</summary>
    /// <param name="maxPages">Pages per cycle, at least 1.</param>
    /// <param name="maxBytes">Body bytes per cycle; null for no limit. The page that crosses it is still used.</param>
    /// <param name="stopOnEmptyPage">End the cycle on a page without events (and without a parse error).</param>
    public PageLimits(int maxPages, long? maxBytes = null, bool stopOnEmptyPage = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPages, 1);
        MaxPages = maxPages;
        MaxBytes = maxBytes;
        StopOnEmptyPage = stopOnEmptyPage;
    }

    /// <summary>Pages per cycle.</summary>
    public int MaxPages { get; }

    /// <summary>Body bytes per cycle, or null.</summary>
    public long? MaxBytes { get; }

    /// <summary>Whether an empty page ends the cycle.</summary>
    public bool StopOnEmptyPage { get; }

    /// <summary>Pages counted so far.</summary>
    public int Pages { get; private set; }

    /// <summary>Body bytes counted so far.</summary>
    public long Bytes { get; private set; }

    /// <summary>Counts a page and says whether (and why) the cycle should stop after it.</summary>
    public PageStopReason Count(PageResponse response, EventBatch events)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(events);
        return Count(response.Body.Length, events.Count, events.ParseError);
    }

    /// <summary>Counts a streamed page (its whole body, not the skeleton) and says whether (and why) the cycle should stop after it.</summary>
    public PageStopReason Count(Sources.StreamedPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return Count(page.BodyLength, page.EventCount, page.ParseError);
    }

    // events: what stop_on_empty_page looks at (a declarative page counts the elements its object path dropped).
    internal PageStopReason Count(long bodyLength, int events, string? parseError)
    {
        Pages++;
        Bytes += bodyLength;
        if (StopOnEmptyPage && events == 0 && parseError is null) return PageStopReason.EmptyPage;
        if (Pages >= MaxPages) return PageStopReason.MaxPages;
        if (MaxBytes is { } max && Bytes > max) return PageStopReason.MaxBytes;
        return PageStopReason.None;
    }
}
