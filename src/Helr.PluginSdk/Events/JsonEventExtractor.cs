using System.Text.Json;

namespace Helr.PluginSdk.Events;

/// <summary>
/// Extracts events from a JSON body: the array at <c>eventsPath</c> when given; else a top-level array,
/// or the first of <c>items</c>, <c>data</c>, <c>events</c>, <c>logs</c>, <c>entries</c> holding an array,
/// or else the whole body as one event. With <c>objectPath</c>, each element is replaced by its value
/// at that path (elements where it is absent are dropped).
/// </summary>
public sealed class JsonEventExtractor : IEventExtractor
{
    /// <summary>Keys searched, in this order, for the events array of an object body.</summary>
    public static readonly IReadOnlyList<string> DefaultArrayKeys = new[] { "items", "data", "events", "logs", "entries" };

    private static readonly JsonReaderOptions Options = new() { MaxDepth = JsonPath.MaxDepth };
    private readonly JsonPath? _eventsPath;
    private readonly JsonPath? _objectPath;
    private readonly JsonPath[] _defaultKeys = DefaultArrayKeys.Select(JsonPath.Parse).ToArray();

    /// <summary>Creates an extractor.</summary>
    public JsonEventExtractor(string? eventsPath = null, string? objectPath = null)
    {
        _eventsPath = string.IsNullOrEmpty(eventsPath) ? null : JsonPath.Parse(eventsPath);
        _objectPath = string.IsNullOrEmpty(objectPath) ? null : JsonPath.Parse(objectPath);
    }

    /// <inheritdoc />
    public void Extract(ReadOnlySpan<byte> body, List<Range> events)
    {
        try
        {
            ExtractCore(body, events);
        }
        catch (JsonException ex)
        {
            throw new EventFormatException($"response is not valid JSON: {ex.Message}", ex);
        }
    }

    private void ExtractCore(ReadOnlySpan<byte> body, List<Range> events)
    {
        var first = events.Count;
        var root = Validate(body);
        Range? array;
        if (_eventsPath is not null)
        {
            array = _eventsPath.FindValue(body);
            if (array is null || body[array.Value][0] != (byte)'[')
                throw new EventFormatException($"response_events_path \"{_eventsPath}\" did not resolve to an array");
        }
        else if (root == JsonTokenType.StartArray)
        {
            array = FirstValueRange(body);
        }
        else if (root == JsonTokenType.StartObject)
        {
            array = null;
            foreach (var key in _defaultKeys)
            {
                var found = key.FindValue(body);
                if (found is not null && body[found.Value][0] == (byte)'[') { array = found; break; }
            }
            if (array is null)
            {
                if (_objectPath is not null)
                    throw new EventFormatException("response has no top-level array or known events key (items/data/events/logs/entries)");
                events.Add(FirstValueRange(body));
                return;
            }
        }
        else
        {
            if (_objectPath is not null) throw new EventFormatException("response root is not an object or array");
            events.Add(FirstValueRange(body));
            return;
        }
        AddElements(body, array.Value, events);
        if (_objectPath is not null) Unwrap(body, events, first);
    }

    // Reads the whole document once so that truncated or malformed bodies fail before anything is emitted.
    private static JsonTokenType Validate(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, Options);
        if (!reader.Read()) throw new EventFormatException("response body is empty");
        var root = reader.TokenType;
        reader.Skip();
        if (reader.Read()) throw new EventFormatException("response has data after the JSON document");
        return root;
    }

    private static Range FirstValueRange(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, Options);
        reader.Read();
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return new Range(start, (int)reader.BytesConsumed);
    }

    private static void AddElements(ReadOnlySpan<byte> body, Range array, List<Range> events)
    {
        var offset = array.Start.GetOffset(body.Length);
        var reader = new Utf8JsonReader(body[array], Options);
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
            events.Add(new Range(offset + start, offset + (int)reader.BytesConsumed));
        }
    }

    private void Unwrap(ReadOnlySpan<byte> body, List<Range> events, int first)
    {
        var kept = first;
        for (var i = first; i < events.Count; i++)
        {
            var element = events[i];
            var offset = element.Start.GetOffset(body.Length);
            var inner = _objectPath!.FindValue(body[element]);
            if (inner is null) continue;
            var (start, length) = inner.Value.GetOffsetAndLength(body[element].Length);
            events[kept++] = new Range(offset + start, offset + start + length);
        }
        events.RemoveRange(kept, events.Count - kept);
    }
}
