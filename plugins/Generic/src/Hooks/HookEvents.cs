using System.Text;
using System.Text.Json.Nodes;
using Helr.PluginSdk.Events;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>
/// The events of a page as hooks see them (<c>{ts, source, event, meta}</c>) and as the kernel writes
/// them: a batch whose body is a JSON array of the <c>event</c> values.
/// </summary>
internal static class HookEvents
{
    /// <summary>Checks what <c>parseResponse</c> returned: an array of objects.</summary>
    public static JsonArray Parsed(JsonNode? result, string file)
    {
        if (result is not JsonArray array)
            throw new HookException($"hook parseResponse in {file} must return an array of {{ts, source, event, meta}} objects, got {Kind(result)}");
        for (var i = 0; i < array.Count; i++)
            if (array[i] is not JsonObject)
                throw new HookException($"hook parseResponse in {file}: element {i} must be an object {{ts, source, event, meta}}, got {Kind(array[i])}");
        return array;
    }

    /// <summary>
    /// The batch the kernel writes: one range per <c>event</c>, with the hook's <c>ts</c> and
    /// <c>source</c> (non-empty strings) as the envelope's <c>ts</c> and label value, and its
    /// <c>meta.cursor</c> (a string) as the envelope's, as upstream writes them; an event without leaves
    /// those to the source's rules (and writes no cursor).
    /// </summary>
    public static EventBatch Batch(JsonArray events)
    {
        var body = new StringBuilder("[");
        var pieces = new List<(int Start, int Length)>();
        string?[]? stamps = null, labels = null, cursors = null;
        var bytes = 1;
        foreach (var item in events)
        {
            if (HookValues.String(item?["ts"]) is { Length: > 0 } ts) (stamps ??= new string?[events.Count])[pieces.Count] = ts;
            if (HookValues.String(item?["source"]) is { Length: > 0 } label) (labels ??= new string?[events.Count])[pieces.Count] = label;
            if (item?["meta"] is JsonObject meta && HookValues.String(meta["cursor"]) is { } cursor) (cursors ??= new string?[events.Count])[pieces.Count] = cursor;
            if (pieces.Count > 0)
            {
                body.Append(',');
                bytes++;
            }
            var json = item?["event"]?.ToJsonString() ?? "null";
            var length = Encoding.UTF8.GetByteCount(json);
            pieces.Add((bytes, length));
            body.Append(json);
            bytes += length;
        }
        body.Append(']');
        return new EventBatch
        {
            Body = Encoding.UTF8.GetBytes(body.ToString()),
            Ranges = pieces.Select(p => new Range(p.Start, p.Start + p.Length)).ToArray(),
            Timestamps = stamps,
            Labels = labels,
            Cursors = cursors,
        };
    }

    /// <summary>
    /// The page's events by the declarative extraction. A body it cannot read is handed to the kernel as
    /// the page's <see cref="EventBatch.ParseError"/>, so <c>on_parse_error</c> decides (the cycle fails
    /// naming the page, or the page is skipped) as for a source without hooks.
    /// </summary>
    public static EventBatch Declarative(IEventExtractor extractor, ReadOnlyMemory<byte> body)
    {
        var ranges = new List<Range>();
        try
        {
            extractor.Extract(body.Span, ranges);
        }
        catch (EventFormatException ex)
        {
            return new EventBatch { Body = body, Ranges = Array.Empty<Range>(), ParseError = ex.Message };
        }
        return new EventBatch { Body = body, Ranges = ranges.ToArray() };
    }

    /// <summary>
    /// The events the declarative extraction found, in the hooks' shape (for <c>commitState</c>), read as
    /// a response body is: an event the page wrote (with an escaped lone surrogate, or nested deeper than
    /// JSON.parse reads) failed the cycle here, after its lines were written, at the same page every cycle.
    /// </summary>
    public static IEnumerable<JsonNode> FromBatch(EventBatch batch, string sourceId)
    {
        for (var i = 0; i < batch.Count; i++)
            yield return new JsonObject { ["ts"] = null, ["source"] = sourceId, ["event"] = HookValues.Json(batch[i], levelsAround: 2), ["meta"] = new JsonObject() };
    }

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "an array",
        JsonObject => "an object",
        JsonValue v => v.GetValueKind().ToString().ToLowerInvariant(),
        _ => "something else",
    };
}
