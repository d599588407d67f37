using Helr.PluginSdk.Http;

namespace Helr.PluginSdk.Sources;

/// <summary>What happens after a page: the next request (null to stop) and state to checkpoint.</summary>
public sealed record PageStep
{
    private static readonly IReadOnlyDictionary<string, string> Nothing = new Dictionary<string, string>();

    /// <summary>The next request; null ends the cycle.</summary>
    public PageRequest? Next { get; init; }

    /// <summary>State keys to store once this page's events (and all before) are flushed; may be empty.</summary>
    public IReadOnlyDictionary<string, string> Checkpoint { get; init; } = Nothing;

    /// <summary>
    /// Indices of this page's events not to write: events an earlier traversal already wrote (see
    /// <see cref="Paging.WatermarkTracker.Repeats"/>). Counted as duplicates. Empty by default.
    /// </summary>
    public IReadOnlyList<int> Drop { get; init; } = Array.Empty<int>();

    /// <summary>
    /// The events to write for this page instead of the ones the source's extractor found, or null to
    /// write those (the default). For a source that parses pages in code of its own (a script): the
    /// events still go through dedupe, line limits and checkpoint-after-flush. <see cref="Drop"/>
    /// indexes into these when set. A page the source cannot read is handed over with
    /// <see cref="Events.EventBatch.ParseError"/> set: the kernel then treats it as a page its own
    /// extraction could not read (<c>on_parse_error</c>: the cycle fails naming the page, or the page is
    /// skipped and counted), and writes none of its events.
    /// </summary>
    public Events.EventBatch? Events { get; init; }

    /// <summary>
    /// The id of each of this page's events, by index, for vendors that send none (see
    /// <see cref="Events.DerivedEventId"/>): the envelope's <c>meta.id</c>, and the dedupe key when dedupe
    /// is on, in place of the value at the id path. Null (the default), a shorter list or a null entry
    /// leaves those events to the id path.
    /// </summary>
    public IReadOnlyList<string?>? EventIds { get; init; }

    /// <summary>
    /// Set on the step that ends a cycle at a page that could not be read (<c>on_parse_error: skip</c>)
    /// when that page is taken for the end of the data, not for a page the source cannot get past: an
    /// offset-paged API answering past its last page with an empty body. The next cycle asks there again,
    /// and the source is not reported stalled for stopping there.
    /// </summary>
    public bool EndOfData { get; init; }

    /// <summary>Ends the cycle, storing <paramref name="checkpoint"/>.</summary>
    public static PageStep Stop(IReadOnlyDictionary<string, string>? checkpoint = null) => new() { Checkpoint = checkpoint ?? Nothing };

    /// <summary>Fetches <paramref name="next"/>, storing <paramref name="checkpoint"/> first.</summary>
    public static PageStep Continue(PageRequest next, IReadOnlyDictionary<string, string>? checkpoint = null) =>
        new() { Next = next, Checkpoint = checkpoint ?? Nothing };

    /// <summary>A one-key checkpoint.</summary>
    public static IReadOnlyDictionary<string, string> State(string key, string value) => new Dictionary<string, string> { [key] = value };
}
