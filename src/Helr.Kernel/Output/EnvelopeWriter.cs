using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Helr.PluginSdk.Events;

namespace Helr.Kernel.Output;

/// <summary>
/// Writes one NDJSON line per event: <c>{"ts","&lt;label&gt;","endpoint","event","meta"}</c>, <c>meta</c>'s
/// members in upstream's (sorted) order: <c>cursor</c>, <c>id</c>, <c>request_id</c>, <c>truncated</c>. The event
/// is copied as the API sent it; only when it spans several lines is its insignificant whitespace
/// dropped, since an NDJSON line cannot contain a newline. Lines are written as bytes: the page's
/// constant middle part once per page, <c>ts</c> and <c>meta.id</c> as the API's own string tokens
/// when those need no escaping (<see cref="JsonText.IsPlain"/>), else through <see cref="Utf8JsonWriter"/>.
/// </summary>
internal sealed class EnvelopeWriter
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly JsonEncodedText _labelKey;
    private readonly JsonEncodedText _labelValue;
    private readonly DottedPath? _timestampPath;
    private readonly DottedPath? _idPath;
    private readonly TimeProvider _time;
    private readonly EventMinifier _minifier = new();
    private readonly ArrayBufferWriter<byte> _scratch = new();
    private readonly ArrayBufferWriter<byte> _encodedTs = new();
    private readonly ArrayBufferWriter<byte> _encodedId = new();
    private readonly EnvelopeMeta _meta = new(Options);
    private Utf8JsonWriter? _json;
    private string? _endpoint;
    private byte[] _middle = Array.Empty<byte>();
    private string? _suppliedEndpoint, _suppliedLabel;
    private byte[] _suppliedMiddle = Array.Empty<byte>();

    public EnvelopeWriter(string labelKey, string labelValue, string? timestampField, string? idField, TimeProvider time)
    {
        _labelKey = JsonEncodedText.Encode(labelKey);
        _labelValue = JsonEncodedText.Encode(labelValue);
        _timestampPath = string.IsNullOrEmpty(timestampField) ? null : DottedPath.Parse(timestampField);
        _idPath = string.IsNullOrEmpty(idField) ? null : DottedPath.Parse(idField);
        _time = time;
    }

    /// <summary>Appends the line of <paramref name="evt"/> (with its newline) to <paramref name="output"/>; what the plugin <paramref name="supplied"/> wins over the source's settings.</summary>
    public void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> evt, string endpoint, SuppliedFields supplied = default)
    {
        var middle = Middle(endpoint, supplied.Label);
        var body = evt.IndexOfAny((byte)'\n', (byte)'\r') >= 0 ? _minifier.Minify(evt) : evt;
        var ts = Encoded(Timestamp(evt, supplied.Ts), _encodedTs);
        var id = Id(evt, supplied.Id);
        var cursor = _meta.Cursor(supplied.Cursor);
        var requestId = _meta.RequestId(supplied.RequestId);
        // Every part is bytes by now, so the line is copied into one span.
        var span = output.GetSpan(ts.Length + middle.Length + body.Length + id.Length + cursor.Length + requestId.Length + 64);
        var n = Put(span, 0, "{\"ts\":"u8);
        n = Put(span, n, ts);
        n = Put(span, n, middle);
        n = Put(span, n, body);
        n = Put(span, n, ",\"meta\":{"u8);
        n = EnvelopeMeta.Member(span, n, "\"cursor\":"u8, cursor);
        n = EnvelopeMeta.Member(span, n, "\"id\":"u8, id);
        n = EnvelopeMeta.Member(span, n, "\"request_id\":"u8, requestId);
        n = Put(span, n, "}}\n"u8);
        output.Advance(n);
    }

    /// <summary>The event time its envelope gets (<c>ts</c>), parsed; null when it is not a readable time (for lag).</summary>
    public DateTimeOffset? EventTime(ReadOnlySpan<byte> evt, string? suppliedTs = null) =>
        DateTimeOffset.TryParse(Timestamp(evt, suppliedTs).ToText(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private static int Put(Span<byte> span, int at, ReadOnlySpan<byte> part)
    {
        part.CopyTo(span[at..]);
        return at + part.Length;
    }

    /// <summary>
    /// The envelope of an event too long for <c>max_line_bytes</c>: <c>event</c> becomes
    /// <c>{"truncated":true,"original_bytes":N,"prefix":"&lt;the first bytes of the event, as a string&gt;"}</c>
    /// and <c>meta.truncated</c> is true, so the line stays valid JSON. <paramref name="prefixBytes"/>
    /// is cut back to a UTF-8 character boundary. <c>ts</c>, the label and the other <c>meta</c> members are the ones
    /// <see cref="Write"/> gives the whole line.
    /// </summary>
    public void WriteTruncated(IBufferWriter<byte> output, ReadOnlySpan<byte> evt, string endpoint, int prefixBytes, SuppliedFields supplied = default)
    {
        var prefix = evt[..Math.Clamp(prefixBytes, 0, evt.Length)];
        while (prefix.Length > 0 && prefix.Length < evt.Length && (evt[prefix.Length] & 0xC0) == 0x80) prefix = prefix[..^1];
        // Encoded before the writer is pointed at the output: they share it.
        var ts = Encoded(Timestamp(evt, supplied.Ts), _encodedTs);
        var id = Id(evt, supplied.Id);
        var writer = Json(output);
        writer.WriteStartObject();
        writer.WritePropertyName("ts"u8);
        writer.WriteRawValue(ts, skipInputValidation: true);
        if (supplied.Label is { } label) writer.WriteString(_labelKey, JsonEncodedText.Encode(label));
        else writer.WriteString(_labelKey, _labelValue);
        writer.WriteString("endpoint"u8, endpoint);
        writer.WritePropertyName("event"u8);
        writer.WriteStartObject();
        writer.WriteBoolean("truncated"u8, true);
        writer.WriteNumber("original_bytes"u8, evt.Length);
        writer.WriteString("prefix"u8, prefix);
        writer.WriteEndObject();
        writer.WriteStartObject("meta"u8);
        if (supplied.Cursor is { } cursor) writer.WriteString("cursor"u8, cursor);
        if (!id.IsEmpty)
        {
            writer.WritePropertyName("id"u8);
            writer.WriteRawValue(id, skipInputValidation: true);
        }
        if (supplied.RequestId is { } requestId) writer.WriteString("request_id"u8, requestId);
        writer.WriteBoolean("truncated"u8, true);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        output.Write("\n"u8);
    }

    // ,"<label>":"<value>","endpoint":"<path>","event":  — the same for every event of a page. A label
    // the plugin supplies is usually one for the whole page too (a script's source id): the middle with
    // the last one is kept beside the source's.
    private ReadOnlySpan<byte> Middle(string endpoint, string? label)
    {
        if (label is null)
        {
            if (endpoint != _endpoint) (_middle, _endpoint) = (BuildMiddle(endpoint, _labelValue), endpoint);
            return _middle;
        }
        if (endpoint != _suppliedEndpoint || label != _suppliedLabel)
            (_suppliedMiddle, _suppliedEndpoint, _suppliedLabel) = (BuildMiddle(endpoint, JsonEncodedText.Encode(label)), endpoint, label);
        return _suppliedMiddle;
    }

    private byte[] BuildMiddle(string endpoint, JsonEncodedText label)
    {
        _scratch.ResetWrittenCount();
        var writer = Json(_scratch);
        writer.WriteStartObject();
        writer.WriteString(_labelKey, label);
        writer.WriteString("endpoint"u8, endpoint);
        writer.Flush();
        return [.. ","u8, .. _scratch.WrittenSpan[1..], .. ",\"event\":"u8];
    }

    // meta.id as written: the plugin's id, else the string at the id path; empty when there is none.
    private ReadOnlySpan<byte> Id(ReadOnlySpan<byte> evt, string? suppliedId) =>
        suppliedId is not null ? Encoded(new StringValue(default, suppliedId), _encodedId)
            : _idPath is not null && StringToken(_idPath, evt) is { } range ? Encoded(new StringValue(evt[range], null), _encodedId) : default;

    // A string value: either the API's raw token (quotes included) or a text to be encoded.
    private readonly ref struct StringValue(ReadOnlySpan<byte> token, string? text)
    {
        public ReadOnlySpan<byte> Token { get; } = token;
        public string? Text { get; } = text;

        public string ToText() => Text ?? JsonText.Unquote(Token);
    }

    // The string as the envelope writes it: the API's own token when that needs no escaping (or holds
    // a lone surrogate escape, which the encoder would turn into U+FFFD), else its value encoded into
    // scratch (valid until scratch is used again).
    private ReadOnlySpan<byte> Encoded(StringValue value, ArrayBufferWriter<byte> scratch)
    {
        var text = value.Text;
        if (text is null && (JsonText.IsPlain(value.Token) || !JsonText.TryUnquote(value.Token, out text))) return value.Token;
        scratch.ResetWrittenCount();
        var writer = Json(scratch);
        writer.WriteStringValue(text);
        writer.Flush();
        return scratch.WrittenSpan;
    }

    private StringValue Timestamp(ReadOnlySpan<byte> evt, string? supplied)
    {
        if (supplied is not null) return new StringValue(default, supplied);
        if (_timestampPath is not null && StringToken(_timestampPath, evt) is { } configured && configured.GetOffsetAndLength(evt.Length).Length > 2)
            return new StringValue(evt[configured], null);
        if (_timestampPath is not null && EpochTimestamp.Format(_timestampPath, evt) is { } epoch) return new StringValue(default, epoch);
        if (FallbackTimestamp.Find(evt) is { } fallback) return new StringValue(evt[fallback], null);
        return new StringValue(default, _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture));
    }

    // The range of the string token at path (quotes included), or null when absent or not a string.
    private static Range? StringToken(DottedPath path, ReadOnlySpan<byte> evt) =>
        path.FindValue(evt) is { } range && evt[range] is [(byte)'"', ..] ? range : null;

    private Utf8JsonWriter Json(IBufferWriter<byte> output)
    {
        if (_json is null) _json = new Utf8JsonWriter(output, Options);
        else _json.Reset(output);
        return _json;
    }
}
