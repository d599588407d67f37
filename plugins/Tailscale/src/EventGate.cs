using Helr.PluginSdk.Events;

namespace Helr.Plugins.Tailscale;

/// <summary>Decides, per event, whether a page's event is written; set by the running cycle.</summary>
internal interface IEventGate
{
    bool Admit(ReadOnlySpan<byte> evt);
}

/// <summary>
/// The events array of <c>logs[]</c>, minus those the running cycle's gate refuses. The SDK gives a
/// cycle no say over which events of a page are written, so the gate sits in the extractor; the
/// kernel runs one cycle of a source at a time and extracts each page before <c>OnPage</c>.
/// </summary>
internal sealed class GatedExtractor(IEventExtractor inner) : IEventExtractor
{
    public IEventGate? Gate { get; set; }

    public void Extract(ReadOnlySpan<byte> body, List<Range> events)
    {
        var first = events.Count;
        inner.Extract(body, events);
        if (Gate is not { } gate) return;
        var kept = first;
        for (var i = first; i < events.Count; i++)
            if (gate.Admit(body[events[i]])) events[kept++] = events[i];
        events.RemoveRange(kept, events.Count - kept);
    }
}
