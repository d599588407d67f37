using System.Buffers.Binary;

namespace Helr.PluginSdk.Events;

/// <summary>
/// One validating pass over a JSON document as its bytes arrive, accepting exactly what
/// <c>Utf8JsonReader</c> accepts with default options and <see cref="JsonPath.MaxDepth"/>, and telling
/// an <see cref="EventArrayTracker"/> where the values near the root begin and end. It is resumable at
/// any byte: what it was in the middle of is kept in fields, never re-read, so feeding a body in pieces
/// costs the same as feeding it whole. Depth is an explicit stack: hostile nesting is an error, not a
/// stack overflow.
/// </summary>
internal sealed class JsonStructureScanner(EventArrayTracker tracker)
{
    // Where the next call resumes: what the grammar expects next, or the token it stopped inside.
    private enum Resume : byte { Value, ValueOrEnd, KeyOrEnd, Key, Colon, AfterValue, Done, InString, InKey, InNumber, InLiteral }

    private readonly bool[] _isObject = new bool[JsonPath.MaxDepth + 1]; // per open container, by depth
    private Resume _resume;
    private int _pos;
    private int _depth;
    private int _tokenStart;
    private JsonNumberScanner.State _number;

    /// <summary>Reads what arrived since the last call; <paramref name="json"/> is every byte so far.</summary>
    public void Advance(ReadOnlySpan<byte> json) => Run(json, isFinal: false);

    /// <summary>Reads the rest of the complete document; throws <see cref="EventFormatException"/> unless it is valid.</summary>
    public void Complete(ReadOnlySpan<byte> json)
    {
        Run(json, isFinal: true);
        if (_resume == Resume.Done) return;
        if (_resume == Resume.Value && _depth == 0) throw new EventFormatException("response body is empty");
        throw JsonScanErrors.Truncated(Expected(json), json.Length);
    }

    private void Run(ReadOnlySpan<byte> json, bool isFinal)
    {
        var isObject = _isObject;
        var pos = _pos;
        var depth = _depth;
        var inObject = isObject[depth];
        var tokenStart = _tokenStart;
        var number = _number;
        var hookDepth = tracker.Depth;
        Resume resume;
        byte c;

        switch (_resume)
        {
            case Resume.Value: goto Value;
            case Resume.ValueOrEnd: goto ValueOrEnd;
            case Resume.KeyOrEnd: goto KeyOrEnd;
            case Resume.Key: goto Key;
            case Resume.Colon: goto Colon;
            case Resume.AfterValue: goto AfterValue;
            case Resume.InString: goto InString;
            case Resume.InKey: goto InKey;
            case Resume.InNumber: goto InNumber;
            case Resume.InLiteral: goto InLiteral;
            default: goto Done;
        }

    Value:
        if (pos >= json.Length)
        {
            resume = Resume.Value;
            goto Suspend;
        }
        c = json[pos];
        if (IsWhitespace(c))
        {
            pos++;
            goto Value;
        }
    ValueStart:
        if (depth <= hookDepth)
        {
            tracker.ValueStart(depth, pos, c);
            hookDepth = tracker.Depth;
        }
        switch (c)
        {
            case (byte)'"':
                pos++;
                goto InString;
            case (byte)'{':
                if (depth == JsonPath.MaxDepth) throw JsonScanErrors.TooDeep(pos);
                isObject[++depth] = inObject = true;
                pos++;
                goto KeyOrEnd;
            case (byte)'[':
                if (depth == JsonPath.MaxDepth) throw JsonScanErrors.TooDeep(pos);
                isObject[++depth] = inObject = false;
                pos++;
                goto ValueOrEnd;
            case (byte)'t' or (byte)'f' or (byte)'n':
                tokenStart = pos;
                goto InLiteral;
            case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                number = JsonNumberScanner.Start(c);
                pos++;
                goto InNumber;
            default:
                throw JsonScanErrors.Unexpected("a value", c, pos);
        }

    InString:
        if (!JsonStringSkipper.TrySkip(json, ref pos))
        {
            resume = Resume.InString;
            goto Suspend;
        }
        pos++;
        goto ValueEnd;

    InNumber:
        if (!JsonNumberScanner.TryScan(json, ref pos, ref number))
        {
            resume = Resume.InNumber;
            if (!isFinal || !JsonNumberScanner.CanEnd(number)) goto Suspend;
        }
        goto ValueEnd;

    InLiteral:
        {
            var literal = Literal(json[tokenStart]);
            if (pos == tokenStart && json.Length - pos >= 4
                && BinaryPrimitives.ReadUInt32LittleEndian(json[pos..]) == BinaryPrimitives.ReadUInt32LittleEndian(literal))
            {
                pos += 4;
            }
            for (; pos - tokenStart < literal.Length; pos++)
            {
                if (pos >= json.Length)
                {
                    resume = Resume.InLiteral;
                    goto Suspend;
                }
                if (json[pos] != literal[pos - tokenStart]) throw JsonScanErrors.Unexpected($"'{LiteralText(literal)}'", json[pos], pos);
            }
        }
        goto ValueEnd;

    Close:
        depth--;
        inObject = isObject[depth];
    ValueEnd:
        if (depth <= hookDepth)
        {
            tracker.ValueEnd(depth, pos);
            hookDepth = tracker.Depth;
            if (depth == 0) goto Done;
        }
    AfterValue:
        if (pos >= json.Length)
        {
            resume = Resume.AfterValue;
            goto Suspend;
        }
        c = json[pos];
        if (c == ',')
        {
            pos++;
            if (inObject) goto Key;
            goto Value;
        }
        if (c == (inObject ? (byte)'}' : (byte)']'))
        {
            pos++;
            goto Close;
        }
        if (!IsWhitespace(c)) throw JsonScanErrors.Unexpected(inObject ? "',' or '}'" : "',' or ']'", c, pos);
        pos++;
        goto AfterValue;

    ValueOrEnd:
        if (pos >= json.Length)
        {
            resume = Resume.ValueOrEnd;
            goto Suspend;
        }
        c = json[pos];
        if (c == ']')
        {
            pos++;
            goto Close;
        }
        if (!IsWhitespace(c)) goto ValueStart;
        pos++;
        goto ValueOrEnd;

    KeyOrEnd:
        if (pos >= json.Length)
        {
            resume = Resume.KeyOrEnd;
            goto Suspend;
        }
        c = json[pos];
        if (c == '"') goto KeyStart;
        if (c == '}')
        {
            pos++;
            goto Close;
        }
        if (!IsWhitespace(c)) throw JsonScanErrors.Unexpected("a property name or '}'", c, pos);
        pos++;
        goto KeyOrEnd;

    Key:
        if (pos >= json.Length)
        {
            resume = Resume.Key;
            goto Suspend;
        }
        c = json[pos];
        if (c == '"') goto KeyStart;
        if (!IsWhitespace(c)) throw JsonScanErrors.Unexpected("a property name", c, pos);
        pos++;
        goto Key;

    KeyStart:
        tokenStart = pos;
        pos++;
    InKey:
        if (!JsonStringSkipper.TrySkip(json, ref pos))
        {
            resume = Resume.InKey;
            goto Suspend;
        }
        if (depth == 1) tracker.Key(json[(tokenStart + 1)..pos]);
        pos++;
    Colon:
        if (pos >= json.Length)
        {
            resume = Resume.Colon;
            goto Suspend;
        }
        c = json[pos];
        pos++;
        if (c == ':') goto Value;
        if (!IsWhitespace(c)) throw JsonScanErrors.Unexpected("':'", c, pos - 1);
        goto Colon;

    Done:
        for (; pos < json.Length; pos++)
        {
            if (!IsWhitespace(json[pos])) throw JsonScanErrors.DataAfter(json[pos], pos);
        }
        resume = Resume.Done;

    Suspend:
        _resume = resume;
        _pos = pos;
        _depth = depth;
        _tokenStart = tokenStart;
        _number = number;
    }

    private static bool IsWhitespace(byte c) => c is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    private static ReadOnlySpan<byte> Literal(byte first) => first switch
    {
        (byte)'t' => "true"u8,
        (byte)'f' => "false"u8,
        _ => "null"u8,
    };

    private static string LiteralText(ReadOnlySpan<byte> literal) => System.Text.Encoding.ASCII.GetString(literal);

    // What the document needed when it ended, for the message.
    private string Expected(ReadOnlySpan<byte> json) => _resume switch
    {
        Resume.Value => "a value",
        Resume.ValueOrEnd => "a value or ']'",
        Resume.KeyOrEnd => "a property name or '}'",
        Resume.Key => "a property name",
        Resume.Colon => "':'",
        Resume.AfterValue => _isObject[_depth] ? "',' or '}'" : "',' or ']'",
        Resume.InString or Resume.InKey => "the end of a string",
        Resume.InNumber => JsonNumberScanner.Expected(_number),
        _ => $"'{LiteralText(Literal(json[_tokenStart]))}'",
    };
}
