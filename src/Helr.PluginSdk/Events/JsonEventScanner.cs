using System.Text.Json;

namespace Helr.PluginSdk.Events;

/// <summary>
/// The incremental form of <see cref="JsonEventExtractor"/>'s default search: one pass of
/// <see cref="Utf8JsonReader"/> over the body as it arrives, token by token (no rescans), keeping the
/// elements of a root array, or of the best-ranked default key's array in a root object.
/// </summary>
internal sealed class JsonEventScanner : IEventScanner
{
    private enum Phase { Start, InArray, InObject, AfterProperty, SkipValue, Done }

    private readonly JsonEventExtractor _owner;
    private JsonReaderState _state;
    private int _offset;
    private Phase _phase = Phase.Start;
    private int _elementDepth;
    private bool _rootArray;
    private int _elementStart;
    private int _rootStart;
    private int _rootEnd;
    private int _pendingRank;
    private int _candidateRank;
    private int _bestRank = int.MaxValue;
    private List<Range> _best = new();
    private List<Range> _candidate = new();

    public JsonEventScanner(JsonEventExtractor owner, JsonReaderOptions options)
    {
        _owner = owner;
        _state = new JsonReaderState(options);
    }

    // A malformed body found while it is still arriving is reported by Complete, where the caller
    // decides what a parse error means (on_parse_error), not in the middle of the network read.
    private EventFormatException? _failure;

    public void Advance(ReadOnlySpan<byte> bodySoFar)
    {
        if (_failure is not null) return;
        try
        {
            Read(bodySoFar, isFinal: false);
        }
        catch (EventFormatException ex)
        {
            _failure = ex;
        }
    }

    public void Complete(ReadOnlySpan<byte> body, List<Range> events)
    {
        if (_failure is not null) throw _failure;
        Read(body, isFinal: true);
        if (_phase == Phase.Start) throw new EventFormatException("response body is empty");
        if (_phase != Phase.Done) throw new EventFormatException("response ends before the JSON document is complete");
        if (_rootArray || _bestRank != int.MaxValue)
        {
            events.AddRange(_best);
            return;
        }
        _owner.AddWholeBody(new Range(_rootStart, _rootEnd), body, events);
    }

    private void Read(ReadOnlySpan<byte> body, bool isFinal)
    {
        var reader = new Utf8JsonReader(body[_offset..], isFinal, _state);
        var baseOffset = _offset;
        try
        {
            while (reader.Read()) Step(ref reader, baseOffset);
        }
        catch (JsonException ex)
        {
            throw new EventFormatException($"response is not valid JSON: {ex.Message}", ex);
        }
        _offset = baseOffset + (int)reader.BytesConsumed;
        _state = reader.CurrentState;
    }

    private void Step(ref Utf8JsonReader reader, int baseOffset)
    {
        var type = reader.TokenType;
        var depth = reader.CurrentDepth;
        switch (_phase)
        {
            case Phase.Start:
                _rootStart = baseOffset + (int)reader.TokenStartIndex;
                if (type == JsonTokenType.StartArray)
                {
                    _rootArray = true;
                    _elementDepth = 1;
                    _phase = Phase.InArray;
                }
                else if (type == JsonTokenType.StartObject)
                {
                    _phase = Phase.InObject;
                }
                else
                {
                    _rootEnd = baseOffset + (int)reader.BytesConsumed;
                    _phase = Phase.Done;
                }
                break;
            case Phase.InArray:
                if (depth == _elementDepth - 1 && type == JsonTokenType.EndArray)
                {
                    EndArray(baseOffset + (int)reader.BytesConsumed);
                }
                else if (depth == _elementDepth)
                {
                    var list = _rootArray ? _best : _candidate;
                    if (type is JsonTokenType.StartObject or JsonTokenType.StartArray) _elementStart = baseOffset + (int)reader.TokenStartIndex;
                    else if (type is JsonTokenType.EndObject or JsonTokenType.EndArray) list.Add(new Range(_elementStart, baseOffset + (int)reader.BytesConsumed));
                    else list.Add(new Range(baseOffset + (int)reader.TokenStartIndex, baseOffset + (int)reader.BytesConsumed));
                }
                break;
            case Phase.InObject:
                if (depth == 0 && type == JsonTokenType.EndObject)
                {
                    _rootEnd = baseOffset + (int)reader.BytesConsumed;
                    _phase = Phase.Done;
                }
                else if (type == JsonTokenType.PropertyName)
                {
                    _pendingRank = JsonEventExtractor.KeyRank(ref reader, _bestRank);
                    _phase = Phase.AfterProperty;
                }
                break;
            case Phase.AfterProperty:
                if (type == JsonTokenType.StartArray && _pendingRank < _bestRank)
                {
                    _candidate.Clear();
                    _candidateRank = _pendingRank;
                    _elementDepth = 2;
                    _phase = Phase.InArray;
                }
                else
                {
                    _phase = type is JsonTokenType.StartObject or JsonTokenType.StartArray ? Phase.SkipValue : Phase.InObject;
                }
                break;
            case Phase.SkipValue:
                if (depth == 1 && type is JsonTokenType.EndObject or JsonTokenType.EndArray) _phase = Phase.InObject;
                break;
            case Phase.Done:
                throw new EventFormatException("response has data after the JSON document");
        }
    }

    private void EndArray(int end)
    {
        if (_rootArray)
        {
            _rootEnd = end;
            _phase = Phase.Done;
            return;
        }
        (_best, _candidate) = (_candidate, _best);
        _bestRank = _candidateRank;
        _phase = Phase.InObject;
    }
}
