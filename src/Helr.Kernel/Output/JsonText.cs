using System.Buffers;
using System.Text.Json;

namespace Helr.Kernel.Output;

/// <summary>Helpers for JSON string tokens copied from an API response into an envelope.</summary>
internal static class JsonText
{
    // Printable ASCII but the quote and the backslash: bytes the envelope's encoder writes unchanged.
    private static readonly SearchValues<byte> NeedsEncoding = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\', .. Enumerable.Range(0x7F, 0x81).Select(b => (byte)b)]);

    /// <summary>
    /// True when the string token (quotes included) reads exactly as the envelope encoder would write
    /// its value, so it can be copied: no escapes, no control or non-ASCII bytes.
    /// </summary>
    public static bool IsPlain(ReadOnlySpan<byte> token) =>
        token.Length >= 2 && token[1..^1].IndexOfAny(NeedsEncoding) < 0;

    /// <summary>The value of a string token (quotes included), unescaped.</summary>
    public static string Unquote(ReadOnlySpan<byte> token)
    {
        var reader = new Utf8JsonReader(token);
        reader.Read();
        return reader.GetString() ?? "";
    }
}
