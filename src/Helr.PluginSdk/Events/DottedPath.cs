using System.Text;
using System.Text.Json;

namespace Helr.PluginSdk.Events;

/// <summary>
/// A dotted path (<c>actor.id</c>, <c>response_metadata.next_cursor</c>) read straight from raw JSON
/// bytes with <see cref="Utf8JsonReader"/>, skipping everything not on the path.
/// </summary>
public sealed class DottedPath
{
    /// <summary>Largest nesting accepted in responses; deeper input is a format error, not a crash.</summary>
    public const int MaxDepth = 256;

    private static readonly JsonReaderOptions Options = new() { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow };
    private readonly byte[][] _segments;

    private DottedPath(string text, byte[][] segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>Parses a dotted path; an empty path addresses the document itself.</summary>
    public static DottedPath Parse(string path) =>
        new(path, path.Length == 0 ? Array.Empty<byte[]>() : path.Split('.').Select(Encoding.UTF8.GetBytes).ToArray());

    /// <summary>The byte range of the value at this path, or null when it is absent.</summary>
    public Range? FindValue(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, Options);
        if (!Seek(ref reader)) return null;
        var start = (int)reader.TokenStartIndex;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
        return new Range(start, (int)reader.BytesConsumed);
    }

    // Leaves the reader on the value at this path; false when a segment is missing or not an object.
    private bool Seek(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) return false;
        foreach (var segment in _segments)
        {
            if (reader.TokenType != JsonTokenType.StartObject) return false;
            if (!MoveToProperty(ref reader, segment)) return false;
        }
        return true;
    }

    /// <summary>
    /// The value at this path as text: a string's unescaped value, or a number's literal text.
    /// Null when absent, null, an object, an array or a boolean. A string holding an escaped half of a
    /// UTF-16 surrogate pair (valid JSON, no valid text) is its text as written, escapes included.
    /// </summary>
    public string? ReadScalarText(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, Options);
        if (!Seek(ref reader)) return null;
        return reader.TokenType switch
        {
            JsonTokenType.String => StringText(ref reader),
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
            _ => null,
        };
    }

    /// <summary>The value at this path when it is a string (as <see cref="ReadScalarText"/> reads it); null otherwise.</summary>
    public string? ReadString(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, Options);
        if (!Seek(ref reader)) return null;
        return reader.TokenType == JsonTokenType.String ? StringText(ref reader) : null;
    }

    // GetString refuses an escaped lone surrogate ("\ud800", which APIs that cut strings at a UTF-16
    // length send): an id or time holding one then failed every cycle at that page. Its text as written
    // stays one value per string, and never reaches a state store as text it cannot encode.
    private static string StringText(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);
        }
    }

    /// <summary>The value at this path when it is <c>true</c> or <c>false</c>; null otherwise (absent, a string "true", …).</summary>
    public bool? ReadBoolean(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, Options);
        if (!Seek(ref reader)) return null;
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => null,
        };
    }

    // Leaves the reader on the value of the property named segment, or returns false at the end of the object.
    private static bool MoveToProperty(ref Utf8JsonReader reader, byte[] segment)
    {
        var depth = reader.CurrentDepth;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth) return false;
            if (reader.TokenType != JsonTokenType.PropertyName) continue;
            var match = reader.ValueTextEquals(segment);
            reader.Read();
            if (match) return true;
            reader.Skip();
        }
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
