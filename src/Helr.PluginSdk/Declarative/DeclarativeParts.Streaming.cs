using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Declarative;

// A streamed page (IStreamingPollCycle): the trackers see each window as the kernel reads it, the
// limits count the page at its end, and a page that turns out malformed leaves the trackers as they
// were before it, as a malformed page read whole does (it shows them no events).
internal sealed partial class DeclarativeParts
{
    private (string? Max, BoundaryIds Ids)[]? _pageMarks;
    private int _eventsSeenBeforePage;

    /// <summary>Shows a window's events to the trackers; returns those to drop (boundary repeats), by index in the window.</summary>
    public WindowStep ObserveWindow(EventWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.FirstIndex == 0)
        {
            // A page started again forgets its earlier windows.
            RestoreMarks();
            _pageMarks = Trackers.Select(t => t.Mark()).ToArray();
            _eventsSeenBeforePage = _eventsSeen;
        }
        var repeats = ObserveEvents(window.Events);
        return repeats.Count == 0 ? WindowStep.Keep : new WindowStep { Drop = repeats };
    }

    /// <summary>Counts the streamed page against the limits, first forgetting its windows if it failed to parse.</summary>
    public PageStopReason EndStreamedPage(StreamedPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (page.ParseError is not null) RestoreMarks();
        _pageMarks = null;
        Repeats = Array.Empty<int>();
        return Limits.Count(page);
    }

    private void RestoreMarks()
    {
        if (_pageMarks is not { } marks) return;
        for (var i = 0; i < marks.Length; i++) Trackers[i].Restore(marks[i]);
        _eventsSeen = _eventsSeenBeforePage;
        _pageMarks = null;
    }
}
