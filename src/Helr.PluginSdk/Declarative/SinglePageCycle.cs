using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Declarative;

/// <summary>A source without pagination: one request per cycle, each a complete traversal.</summary>
internal sealed class SinglePageCycle : IStreamingPollCycle
{
    private readonly DeclarativeParts _parts;

    public SinglePageCycle(DeclarativeOptions options, CycleContext context, UnresolvedFieldWarning? unresolved = null)
    {
        _parts = new DeclarativeParts(options, context, unresolved);
        First = _parts.Request(_parts.FirstRequestUrl());
    }

    public PageRequest? First { get; }

    public PageStep OnPage(PageResponse response, EventBatch events)
    {
        _parts.Observe(response, events);
        return After(events.ParseError);
    }

    public WindowStep OnEventWindow(EventWindow window) => _parts.ObserveWindow(window);

    public PageStep OnStreamedPage(StreamedPage page)
    {
        _parts.EndStreamedPage(page);
        return After(page.ParseError);
    }

    // A page that failed to parse completes nothing: the range start stays where it was.
    private PageStep After(string? parseError) => _parts.Stop(_parts.Checkpoint(null, null, traversalComplete: parseError is null));

    public PageStep? OnErrorStatus(PageResponse response) => null;

    public IReadOnlyDictionary<string, string> Finish() => _parts.Finish();
}
