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

    public void Write(ArrayBufferWriter<byte> output, Utf8JsonWriter writer, ReadOnlySpan<byte> evt, string endpoint)
    {
        writer.Reset(output);
        writer.WriteStartObject();
        writer.WriteString("ts"u8, Timestamp(evt));
        writer.WriteString(_labelKey, _labelValue);
        writer.WriteString("endpoint"u8, endpoint);
        writer.WritePropertyName("event"u8);
        writer.WriteRawValue(evt.IndexOfAny((byte)'\n', (byte)'\r') >= 0 ? Minify(evt) : evt, skipInputValidation: true);
        writer.WriteStartObject("meta"u8);
        var id = _idPath?.ReadString(evt);
        if (id is not null) writer.WriteString("id"u8, id);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        output.Write("\n"u8);
    }

    public static Utf8JsonWriter CreateJsonWriter(ArrayBufferWriter<byte> output) => new(output, Options);

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
