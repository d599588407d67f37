using System.Buffers;
using System.Text.Json;

namespace Helr.Kernel.Output;

/// <summary>
/// The <c>meta</c> members only a plugin supplies (a hook script's events, as upstream writes them):
/// <c>cursor</c> and <c>request_id</c>, encoded as JSON strings for <see cref="EnvelopeWriter"/>. A line
/// without either costs a null check each: nothing is encoded or allocated for it.
/// </summary>
internal sealed class EnvelopeMeta(JsonWriterOptions options)
{
    private readonly ArrayBufferWriter<byte> _cursor = new();
    private readonly ArrayBufferWriter<byte> _requestId = new();
    private Utf8JsonWriter? _json;
    // A batch's request id is the same for every event of it: encoded again only when it changes.
    private string? _lastRequestId;

    /// <summary>The cursor as a JSON string, valid until the next call; empty when none was supplied.</summary>
    public ReadOnlySpan<byte> Cursor(string? cursor) => cursor is null ? default : Encode(cursor, _cursor);

    /// <summary>The request id as a JSON string; empty when none was supplied.</summary>
    public ReadOnlySpan<byte> RequestId(string? requestId)
    {
        if (requestId is null) return default;
        if (!string.Equals(requestId, _lastRequestId, StringComparison.Ordinal))
        {
            Encode(requestId, _requestId);
            _lastRequestId = requestId;
        }
        return _requestId.WrittenSpan;
    }

    /// <summary>
    /// Puts <c>"key":value</c> into a <c>meta</c> being written at <paramref name="at"/>, after a comma
    /// unless it is the first member; nothing when there is no value. Returns where the line goes on.
    /// </summary>
    public static int Member(Span<byte> span, int at, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty) return at;
        if (span[at - 1] != (byte)'{') span[at++] = (byte)',';
        key.CopyTo(span[at..]);
        at += key.Length;
        value.CopyTo(span[at..]);
        return at + value.Length;
    }

    private ReadOnlySpan<byte> Encode(string value, ArrayBufferWriter<byte> into)
    {
        into.ResetWrittenCount();
        if (_json is null) _json = new Utf8JsonWriter(into, options);
        else _json.Reset(into);
        _json.WriteStringValue(value);
        _json.Flush();
        return into.WrittenSpan;
    }
}
