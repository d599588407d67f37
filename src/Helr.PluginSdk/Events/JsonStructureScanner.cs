using System.Buffers;
using System.Runtime.CompilerServices;

namespace Helr.PluginSdk.Events;

/// <summary>
/// One validating pass over a JSON document as its bytes arrive, accepting exactly what
/// <c>Utf8JsonReader</c> accepts with default options and <see cref="DottedPath.MaxDepth"/>, and telling
/// an <see cref="EventArrayTracker"/> where the values near the root begin and end. It walks the tokens
/// <see cref="JsonTokenIndexer"/> lists, checking the grammar; numbers and literals, and the strings
/// whose end the tracker needs, are read here byte by byte. It is resumable at any byte: what it was in
/// the middle of is kept in fields, never re-read, so feeding a body in pieces costs the same as feeding
/// it whole. Depth is an explicit stack: hostile nesting is an error, not a stack overflow.
/// </summary>
internal sealed class JsonStructureScanner(EventArrayTracker tracker)
{
    // Where the next call resumes: the token the grammar expects next, or the bytes it stopped inside.
    private enum Resume : byte { Value, ValueOrEnd, KeyOrEnd, Key, Colon, AfterValue, Done, InString, InKey, InNumber, InLiteral, AfterScalar }

    private readonly JsonTokenIndexer _indexer = new();

    // Rented, not allocated: a scanner lives for one page, and this buffer was most of what scanning a
    // page allocated. It goes back when the scan ends (completed or failed); a scan abandoned midway
    // (a retried or cancelled read) leaves it to the collector, which costs only the reuse.
    private int[]? _tokens = ArrayPool<int>.Shared.Rent(JsonTokenIndexer.BufferLength);
    // Per open container, by depth: object or array. An array, not an inline array: ReadyToRun code
    // reaches an inline array's elements through two calls into the runtime library per access (they
    // are not inlined across the version bubble), which were most of this scanner's precompiled cost.
    private readonly bool[] _isObject = new bool[DottedPath.MaxDepth + 1];
    private Resume _resume;
    private int _next;  // the next of the listed tokens
    private int _count; // how many are listed
    private int _pos;
    private int _depth;
    private int _tokenStart;
    private int _hookDepth;
    private bool _isFinal;
    private JsonNumberScanner.State _number;

    /// <summary>Reads what arrived since the last call; <paramref name="json"/> is every byte so far.</summary>
    /// <remarks>After it throws, the scan is over: it cannot be resumed.</remarks>
    public void Advance(ReadOnlySpan<byte> json)
    {
        try
        {
            Run(json, isFinal: false);
        }
        catch
        {
            ReturnTokens();
            throw;
        }
    }

    /// <summary>Reads the rest of the complete document; throws <see cref="EventFormatException"/> unless it is valid.</summary>
    public void Complete(ReadOnlySpan<byte> json)
    {
        try
        {
            Run(json, isFinal: true);
        }
        finally
        {
            ReturnTokens();
        }
        if (_resume == Resume.Done) return;
        if (_resume == Resume.Value && _depth == 0) throw new EventFormatException("response body is empty");
        throw JsonScanErrors.Truncated(_indexer.EndsInString ? "the end of a string" : Expected(json), json.Length);
    }

    // Once only: a buffer returned twice could be handed to two scans at the same time.
    private void ReturnTokens()
    {
        if (_tokens is not { } tokens) return;
        _tokens = null;
        ArrayPool<int>.Shared.Return(tokens);
    }

    // Few values live in locals: the rest are fields, so what crosses the out-of-line calls fits the
    // callee-saved registers instead of being spilled.
    private void Run(ReadOnlySpan<byte> json, bool isFinal)
    {
        _isFinal = isFinal;
        _hookDepth = tracker.Depth;
        var tokens = _tokens ?? throw new InvalidOperationException("this scan has ended");
        var next = _next;
        var pos = _pos;
        var depth = _depth;
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
            case Resume.AfterScalar: goto AfterScalar;
            default: goto Done;
        }

    Value:
        if (next == _count)
        {
            resume = Resume.Value;
            goto Refill;
        }
        pos = tokens[next++];
        c = json[pos];
    ValueToken:
        if (depth <= _hookDepth) ValueStartHook(depth, pos, c);
        switch (c)
        {
            case (byte)'"':
                if (depth > _hookDepth) goto AfterValue; // its end matters to no one: the indexer checked it
                pos++;
                goto InString;
            case (byte)'{':
                if (depth == DottedPath.MaxDepth) throw JsonScanErrors.TooDeep(pos);
                _isObject[++depth] = true;
                goto KeyOrEnd;
            case (byte)'[':
                if (depth == DottedPath.MaxDepth) throw JsonScanErrors.TooDeep(pos);
                _isObject[++depth] = false;
                goto ValueOrEnd;
            case (byte)'t' or (byte)'f' or (byte)'n':
                var literalEnd = QuickLiteralEnd(json, pos, c);
                if (literalEnd >= 0)
                {
                    pos = literalEnd;
                    goto Terminator;
                }
                _tokenStart = pos;
                goto InLiteral;
            case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                var numberEnd = JsonNumberScanner.QuickEnd(json, pos);
                if (numberEnd >= 0)
                {
                    pos = numberEnd;
                    goto Terminator;
                }
                _number = JsonNumberScanner.Start(c);
                pos++;
                goto InNumber;
            default:
                throw JsonScanErrors.Unexpected("a value", c, pos);
        }

    InString:
        pos = JsonStringSkipper.Skip(json, pos);
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
        if (pos >= 0) goto Terminator;
        pos = ~pos;
        if (_isFinal && JsonNumberScanner.CanEnd(_number)) goto ValueEnd;
        resume = Resume.InNumber;
        goto Suspend;

    InLiteral:
        pos = ScanLiteral(json, pos);
        if (pos < 0)
        {
            pos = ~pos;
            resume = Resume.InLiteral;
            goto Suspend;
        }
    AfterScalar:
        if (pos >= json.Length)
        {
            if (_isFinal) goto ValueEnd;
            resume = Resume.AfterScalar;
            goto Suspend;
        }
    Terminator:
        // The indexer starts no token inside a run of non-whitespace: what follows a number or literal
        // in the same run ("1x", "truex") is checked here, with the message the next token would get.
        c = json[pos];
        if (IsInRun(c)) throw depth == 0 ? JsonScanErrors.DataAfter(c, pos) : JsonScanErrors.Unexpected(AfterValueExpected(depth), c, pos);
        goto ValueEnd;

    Close:
        pos++;
        depth--;
    ValueEnd:
        if (depth <= _hookDepth)
        {
            ValueEndHook(depth, pos);
            if (depth == 0) goto Done;
        }
    AfterValue:
        if (next == _count)
        {
            resume = Resume.AfterValue;
            goto Refill;
        }
        pos = tokens[next++];
        c = json[pos];
        if (c == ',')
        {
            if (_isObject[depth]) goto Key;
            goto Value;
        }
        if (c == (_isObject[depth] ? (byte)'}' : (byte)']')) goto Close;
        throw JsonScanErrors.Unexpected(AfterValueExpected(depth), c, pos);

    ValueOrEnd:
        if (next == _count)
        {
            resume = Resume.ValueOrEnd;
            goto Refill;
        }
        pos = tokens[next++];
        c = json[pos];
        if (c == ']') goto Close;
        goto ValueToken;

    KeyOrEnd:
        if (next == _count)
        {
            resume = Resume.KeyOrEnd;
            goto Refill;
        }
        pos = tokens[next++];
        c = json[pos];
        if (c == '"') goto KeyToken;
        if (c == '}') goto Close;
        throw JsonScanErrors.Unexpected("a property name or '}'", c, pos);

    Key:
        if (next == _count)
        {
            resume = Resume.Key;
            goto Refill;
        }
        pos = tokens[next++];
        c = json[pos];
        if (c != '"') throw JsonScanErrors.Unexpected("a property name", c, pos);
    KeyToken:
        if (depth == 1)
        {
            _tokenStart = pos;
            pos++;
            goto InKey;
        }
    Colon:
        if (next == _count)
        {
            resume = Resume.Colon;
            goto Refill;
        }
        pos = tokens[next++];
        c = json[pos];
        if (c == ':') goto Value;
        throw JsonScanErrors.Unexpected("':'", c, pos);

    InKey:
        pos = JsonStringSkipper.Skip(json, pos);
        if (pos < 0)
        {
            pos = ~pos;
            resume = Resume.InKey;
            goto Suspend;
        }
        tracker.Key(json[(_tokenStart + 1)..pos]);
        goto Colon;

    Done:
        if (next == _count)
        {
            resume = Resume.Done;
            goto Refill;
        }
        pos = tokens[next];
        throw JsonScanErrors.DataAfter(json[pos], pos);

    Refill:
        next = 0;
        _count = _indexer.Fill(json, _isFinal, tokens);
        if (_count == 0) goto Suspend;
        switch (resume)
        {
            case Resume.Value: goto Value;
            case Resume.ValueOrEnd: goto ValueOrEnd;
            case Resume.KeyOrEnd: goto KeyOrEnd;
            case Resume.Key: goto Key;
            case Resume.Colon: goto Colon;
            case Resume.AfterValue: goto AfterValue;
            default: goto Done;
        }

    Suspend:
        _resume = resume;
        _next = next;
        _pos = pos;
        _depth = depth;
    }

    /// <summary>
    /// Forgets the first <paramref name="count"/> bytes (none of which it still needs, see
    /// <see cref="NeededFrom"/>): every later span starts that much further into the document.
    /// </summary>
    public void Rebase(int count)
    {
        _pos -= count;
        _tokenStart -= count;
        if (_tokens is { } tokens)
        {
            for (var i = _next; i < _count; i++) tokens[i] -= count;
        }
        _indexer.Rebase(count);
    }

    /// <summary>The first byte a later call may still read (the key or literal it stopped inside, else where it stopped).</summary>
    public int NeededFrom => _resume is Resume.InKey or Resume.InLiteral ? Math.Min(_tokenStart, _pos) : _pos;

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

    // The common case inline: the offset after a literal spelled right with a byte after it, else -1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int QuickLiteralEnd(ReadOnlySpan<byte> json, int pos, byte first)
    {
        // Byte compares, not BinaryPrimitives: that call is not inlined into ReadyToRun code.
        if (json.Length - pos < 6) return -1;
        return first switch
        {
            (byte)'t' when json[pos + 1] == 'r' && json[pos + 2] == 'u' && json[pos + 3] == 'e' => pos + 4,
            (byte)'n' when json[pos + 1] == 'u' && json[pos + 2] == 'l' && json[pos + 3] == 'l' => pos + 4,
            (byte)'f' when json[pos + 1] == 'a' && json[pos + 2] == 'l' && json[pos + 3] == 's' && json[pos + 4] == 'e' => pos + 5,
            _ => -1,
        };
    }

    // A literal near the end of the bytes, or misspelled: the offset after it, or the complement of
    // where to resume when the bytes run out in it.
    private int ScanLiteral(ReadOnlySpan<byte> json, int pos)
    {
        var start = _tokenStart;
        var literal = Literal(json[start]);
        for (; pos - start < literal.Length; pos++)
        {
            if (pos >= json.Length) return ~pos;
            if (json[pos] != literal[pos - start]) throw JsonScanErrors.Unexpected($"'{LiteralText(literal)}'", json[pos], pos);
        }
        return pos;
    }

    // Whether c continues a run of non-whitespace outside strings (not whitespace, punctuation or a quote).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsInRun(byte c) =>
        c is not ((byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)',' or (byte)':' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'"');

    private static ReadOnlySpan<byte> Literal(byte first) => first switch
    {
        (byte)'t' => "true"u8,
        (byte)'f' => "false"u8,
        _ => "null"u8,
    };

    private static string LiteralText(ReadOnlySpan<byte> literal) => System.Text.Encoding.ASCII.GetString(literal);

    private string AfterValueExpected(int depth) => _isObject[depth] ? "',' or '}'" : "',' or ']'";

    // What the document needed when it ended, for the message.
    private string Expected(ReadOnlySpan<byte> json) => _resume switch
    {
        Resume.Value => "a value",
        Resume.ValueOrEnd => "a value or ']'",
        Resume.KeyOrEnd => "a property name or '}'",
        Resume.Key => "a property name",
        Resume.Colon => "':'",
        Resume.AfterValue => AfterValueExpected(_depth),
        Resume.InString or Resume.InKey => "the end of a string",
        Resume.InNumber => JsonNumberScanner.Expected(_number),
        _ => $"'{LiteralText(Literal(json[_tokenStart]))}'",
    };
}
