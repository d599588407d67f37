using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Helr.PluginSdk.Events;

namespace Helr.Kernel.Polling;

/// <summary>
/// Writes one NDJSON line per event: <c>{"ts","&lt;label&gt;","endpoint","event","meta"}</c>. The event
/// is copied as the API sent it; only when it spans several lines is its insignificant whitespace
/// dropped, since an NDJSON line cannot contain a newline.
/// </summary>
internal sealed class EnvelopeWriter
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly JsonEncodedText _labelKey;
    private readonly JsonEncodedText _labelValue;
    private readonly JsonPath? _timestampPath;
    private readonly JsonPath? _idPath;
    private readonly TimeProvider _time;
    private readonly ArrayBufferWriter<byte> _minified = new();

    public EnvelopeWriter(string labelKey, string labelValue, string? timestampField, string? idField, TimeProvider time)
    {
        _labelKey = JsonEncodedText.Encode(labelKey);
        _labelValue = JsonEncodedText.Encode(labelValue);
        _timestampPath = string.IsNullOrEmpty(timestampField) ? null : JsonPath.Parse(timestampField);
        _idPath = string.IsNullOrEmpty(idField) ? null : JsonPath.Parse(idField);
        _time = time;
    }

    public void Write(IBufferWriter<byte> output, Utf8JsonWriter writer, ReadOnlySpan<byte> evt, string endpoint)
    {
        writer.Reset(output);
        WriteHead(writer, evt, endpoint);
        writer.WriteRawValue(evt.IndexOfAny((byte)'\n', (byte)'\r') >= 0 ? Minify(evt) : evt, skipInputValidation: true);
        WriteMeta(writer, evt, truncated: false);
        writer.Flush();
        output.Write("\n"u8);
    }

    /// <summary>
    /// The envelope of an event too long for <c>max_line_bytes</c>: <c>event</c> becomes
    /// <c>{"truncated":true,"original_bytes":N,"prefix":"&lt;the first bytes of the event, as a string&gt;"}</c>
    /// and <c>meta.truncated</c> is true, so the line stays valid JSON. <paramref name="prefixBytes"/>
    /// is cut back to a UTF-8 character boundary.
    /// </summary>
    public void WriteTruncated(IBufferWriter<byte> output, Utf8JsonWriter writer, ReadOnlySpan<byte> evt, string endpoint, int prefixBytes)
    {
        var prefix = evt[..Math.Clamp(prefixBytes, 0, evt.Length)];
        while (prefix.Length > 0 && prefix.Length < evt.Length && (evt[prefix.Length] & 0xC0) == 0x80) prefix = prefix[..^1];
        writer.Reset(output);
        WriteHead(writer, evt, endpoint);
        writer.WriteStartObject();
        writer.WriteBoolean("truncated"u8, true);
        writer.WriteNumber("original_bytes"u8, evt.Length);
        writer.WriteString("prefix"u8, prefix);
        writer.WriteEndObject();
        WriteMeta(writer, evt, truncated: true);
        writer.Flush();
        output.Write("\n"u8);
    }

    private void WriteHead(Utf8JsonWriter writer, ReadOnlySpan<byte> evt, string endpoint)
    {
        writer.WriteStartObject();
        writer.WriteString("ts"u8, Timestamp(evt));
        writer.WriteString(_labelKey, _labelValue);
        writer.WriteString("endpoint"u8, endpoint);
        writer.WritePropertyName("event"u8);
    }

    private void WriteMeta(Utf8JsonWriter writer, ReadOnlySpan<byte> evt, bool truncated)
    {
        writer.WriteStartObject("meta"u8);
        var id = _idPath?.ReadString(evt);
        if (id is not null) writer.WriteString("id"u8, id);
        if (truncated) writer.WriteBoolean("truncated"u8, true);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static Utf8JsonWriter CreateJsonWriter(IBufferWriter<byte> output) => new(output, Options);

    private string Timestamp(ReadOnlySpan<byte> evt)
    {
        var configured = _timestampPath?.ReadString(evt);
        if (!string.IsNullOrEmpty(configured)) return configured;
        return FallbackTimestamp.Read(evt) ?? _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
    }

    // Drops whitespace outside strings; string contents (and their escapes) are copied untouched.
    private ReadOnlySpan<byte> Minify(ReadOnlySpan<byte> evt)
    {
        _minified.ResetWrittenCount();
        var span = _minified.GetSpan(evt.Length);
        var n = 0;
        var inString = false;
        var escaped = false;
        foreach (var b in evt)
        {
            if (inString)
            {
                span[n++] = b;
                if (escaped) escaped = false;
                else if (b == (byte)'\\') escaped = true;
                else if (b == (byte)'"') inString = false;
                continue;
            }
            if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') continue;
            if (b == (byte)'"') inString = true;
            span[n++] = b;
        }
        return span[..n];
    }
}
