using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Helr.PluginSdk.Events;

/// <summary>
/// An id for events the vendor gives none (Tailscale's configuration and network logs): a hash of the
/// event's content, the same each time the vendor sends the same event, whatever its whitespace. A
/// cycle hands these to the kernel through <see cref="Sources.PageStep.EventIds"/>.
/// </summary>
public static class DerivedEventId
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = DottedPath.MaxDepth };

    /// <summary>
    /// <c>sha256:</c> and the first 128 bits (32 hex digits) of the SHA-256 of the event's JSON with the
    /// whitespace between tokens removed and strings written with one escaping (key order is kept). Throws
    /// <see cref="EventFormatException"/> when <paramref name="evt"/> is not one JSON value.
    /// </summary>
    public static string FromContent(ReadOnlySpan<byte> evt)
    {
        var buffer = new ArrayBufferWriter<byte>(evt.Length);
        try
        {
            var reader = new Utf8JsonReader(evt, ReaderOptions);
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                using var document = JsonDocument.ParseValue(ref reader);
                document.RootElement.WriteTo(writer);
            }
        }
        catch (JsonException ex)
        {
            throw new EventFormatException($"cannot derive an id from an event that is not valid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException)
        {
            // A string holding an escaped half of a surrogate pair (valid JSON, no valid text) cannot be
            // written with one escaping: its bytes as sent, whitespace between tokens removed, stand in.
            buffer.Clear();
            WithoutWhitespace(evt, buffer);
        }
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return "sha256:" + Convert.ToHexStringLower(hash[..16]);
    }

    private static void WithoutWhitespace(ReadOnlySpan<byte> evt, ArrayBufferWriter<byte> output)
    {
        bool inString = false, escaped = false;
        foreach (var b in evt)
        {
            if (!inString && b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') continue;
            if (inString && !escaped && b == (byte)'"') inString = false;
            else if (!inString && b == (byte)'"') inString = true;
            escaped = inString && !escaped && b == (byte)'\\';
            output.Write([b]);
        }
    }
}
