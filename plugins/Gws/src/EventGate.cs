using Helr.PluginSdk.Events;

namespace Helr.Plugins.Gws;

/// <summary>Decides, per event, whether a page's event is written; set by the running cycle.</summary>
internal interface IEventGate
{
    bool Admit(ReadOnlySpan<byte> evt);
}

/// <summary>
/// The events of the array at one key (absent or null: none), minus those the running cycle's gate refuses. The SDK gives a
/// cycle no say over which events of a page are written, so the gate sits in the extractor; the
/// kernel runs one cycle of a source at a time and extracts each page before <c>OnPage</c>.
/// </summary>
internal sealed class GatedExtractor(string key) : IEventExtractor
{
    private readonly DottedPath _key = DottedPath.Parse(key);
    private readonly JsonEventExtractor _inner = new(key);

    public IEventGate? Gate { get; set; }

    public void Extract(ReadOnlySpan<byte> body, List<Range> events)
    {
        // An empty answer may leave the array out, or send null, instead of []. Anything but an object
        // goes to the inner extractor, whose error names what is wrong with the body.
        var at = _key.FindValue(body);
        if (at is null ? body.TrimStart(" \t\r\n"u8) is [(byte)'{', ..] : body[at.Value].SequenceEqual("null"u8)) return;
        var first = events.Count;
        _inner.Extract(body, events);
        if (Gate is not { } gate) return;
        var kept = first;
        for (var i = first; i < events.Count; i++)
            if (gate.Admit(body[events[i]])) events[kept++] = events[i];
        events.RemoveRange(kept, events.Count - kept);
    }
}
