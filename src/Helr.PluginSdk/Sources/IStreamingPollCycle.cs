using Helr.PluginSdk.Events;

namespace Helr.PluginSdk.Sources;

/// <summary>
/// A poll cycle that can take a large page's events in windows while its body arrives, so the kernel
/// never holds the whole body (docs/performance.md). Optional: a cycle that does not implement it
/// gets every page whole through <see cref="IPollCycle.OnPage"/>, and so does this one for pages the
/// kernel reads whole (small pages, events paths, repaired UTF-8, recording).
/// </summary>
/// <remarks>
/// <para>For a streamed page the kernel calls <see cref="OnEventWindow"/> for each run of events in
/// order, then <see cref="OnStreamedPage"/> once, instead of <see cref="IPollCycle.OnPage"/>. Nothing
/// of the page is written before <see cref="OnStreamedPage"/> returns, and its checkpoint still waits
/// until every line of the page is written.</para>
/// <para>What a window teaches the cycle is provisional: when <see cref="StreamedPage.ParseError"/> is
/// set (the page turned out malformed after some windows, under <c>on_parse_error: skip</c>) none of
/// the page's events are written, so the cycle must forget what its windows told it (the declarative
/// cycles restore their trackers). A window with <see cref="EventWindow.FirstIndex"/> 0 starts a page.</para>
/// </remarks>
public interface IStreamingPollCycle : IPollCycle
{
    /// <summary>
    /// Sees the next events of the page being read and says which of them not to write (boundary
    /// repeats) and, optionally, their ids: what <see cref="PageStep.Drop"/> and
    /// <see cref="PageStep.EventIds"/> say for a whole page, indexed within the window.
    /// </summary>
    WindowStep OnEventWindow(EventWindow window);

    /// <summary>
    /// The page has ended. <see cref="StreamedPage.Response"/> carries the body without its events
    /// (still JSON, so cursors and other fields resolve). Returns the next request and the checkpoint;
    /// the step's <see cref="PageStep.Drop"/>, <see cref="PageStep.EventIds"/> and
    /// <see cref="PageStep.Events"/> must be left empty (the windows said that already).
    /// </summary>
    PageStep OnStreamedPage(StreamedPage page);
}
