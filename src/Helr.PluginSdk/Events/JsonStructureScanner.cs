using System.Buffers.Binary;
using System.Runtime.CompilerServices;

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

    private Containers _isObject; // per open container, by depth: object or array
    private Resume _resume;
    private int _pos;
    private int _depth;
    private int _tokenStart;
    private int _hookDepth;
    private bool _isFinal;
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

    // Only the position and depth live in locals: everything else is in fields, so the few values
    // that cross the out-of-line calls fit the callee-saved registers instead of being spilled.
    private void Run(ReadOnlySpan<byte> json, bool isFinal)
    {
        _isFinal = isFinal;
        _hookDepth = tracker.Depth;
        var pos = _pos;
        var depth = _depth;
        Resume resume;
        byte c;
        int quote;

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
    ValueStart:
        if (depth <= _hookDepth && !IsWhitespace(c)) ValueStartHook(depth, pos, c);
        switch (c)
        {
            case (byte)'"':
                pos++;
                goto InString;
            case (byte)'{':
                if (depth == JsonPath.MaxDepth) throw JsonScanErrors.TooDeep(pos);
                _isObject[++depth] = true;
                pos++;
                goto KeyOrEnd;
            case (byte)'[':
                if (depth == JsonPath.MaxDepth) throw JsonScanErrors.TooDeep(pos);
                _isObject[++depth] = false;
                pos++;
                goto ValueOrEnd;
            case (byte)'t' or (byte)'f' or (byte)'n':
                _tokenStart = pos;
                goto InLiteral;
            case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                _number = JsonNumberScanner.Start(c);
                pos++;
                goto InNumber;
            case (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t':
                pos++;
                goto Value;
            default:
                throw JsonScanErrors.Unexpected("a value", c, pos);
        }

    InString:
        quote = JsonStringSkipper.QuickEnd(json, pos);
        pos = quote >= 0 ? quote : JsonStringSkipper.Skip(json, pos);
        if (pos < 0)
        {
            pos = ~pos;
            resume = Resume.InString;
            goto Suspend;
        }
        pos++;
        goto ValueEnd;

    InNumber:
        pos = JsonNumberScanner.Scan(json, pos, ref _number);
        if (pos < 0)
        {
            pos = ~pos;
            resume = Resume.InNumber;
            if (!_isFinal || !JsonNumberScanner.CanEnd(_number)) goto Suspend;
        }
        goto ValueEnd;

    InLiteral:
        pos = ScanLiteral(json, pos);
        if (pos < 0)
        {
            pos = ~pos;
            resume = Resume.InLiteral;
            goto Suspend;
        }
        goto ValueEnd;

    Close:
        depth--;
    ValueEnd:
        if (depth <= _hookDepth)
        {
            ValueEndHook(depth, pos);
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
            if (_isObject[depth]) goto Key;
            goto Value;
        }
        if (c == (_isObject[depth] ? (byte)'}' : (byte)']'))
        {
            pos++;
            goto Close;
        }
        if (!IsWhitespace(c)) throw JsonScanErrors.Unexpected(_isObject[depth] ? "',' or '}'" : "',' or ']'", c, pos);
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
        _tokenStart = pos;
        pos++;
    InKey:
        quote = JsonStringSkipper.QuickEnd(json, pos);
        pos = quote >= 0 ? quote : JsonStringSkipper.Skip(json, pos);
        if (pos < 0)
        {
            pos = ~pos;
            resume = Resume.InKey;
            goto Suspend;
        }
        if (depth == 1) tracker.Key(json[(_tokenStart + 1)..pos]);
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
    }

    private void ValueStartHook(int depth, int pos, byte first)
    {
        tracker.ValueStart(depth, pos, first);
        _hookDepth = tracker.Depth;
    }

    private void ValueEndHook(int depth, int end)
    {
        tracker.ValueEnd(depth, end);
        _hookDepth = tracker.Depth;
    }

    // Returns the offset after the literal, or the complement of where to resume when the bytes run out in it.
    private int ScanLiteral(ReadOnlySpan<byte> json, int pos)
    {
        var start = _tokenStart;
        var literal = Literal(json[start]);
        if (pos == start && json.Length - pos >= 4
            && BinaryPrimitives.ReadUInt32LittleEndian(json[pos..]) == BinaryPrimitives.ReadUInt32LittleEndian(literal))
        {
            pos += 4;
        }
        for (; pos - start < literal.Length; pos++)
        {
            if (pos >= json.Length) return ~pos;
            if (json[pos] != literal[pos - start]) throw JsonScanErrors.Unexpected($"'{LiteralText(literal)}'", json[pos], pos);
        }
        return pos;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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

    [InlineArray(JsonPath.MaxDepth + 1)]
    private struct Containers
    {
        private bool _first;
    }
}
