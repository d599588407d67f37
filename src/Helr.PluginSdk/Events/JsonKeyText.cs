using System.Text;

namespace Helr.PluginSdk.Events;

/// <summary>
/// Compares a property name as written in the body (already validated, quotes excluded) with a UTF-8
/// text after unescaping, as <c>Utf8JsonReader.ValueTextEquals</c> does: <c>"it\u0065ms"</c> is
/// <c>items</c>. A lone surrogate escape matches nothing (the reader throws on it instead).
/// </summary>
internal static class JsonKeyText
{
    public static bool TextEquals(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> text)
    {
        var escape = raw.IndexOf((byte)'\\');
        if (escape < 0) return raw.SequenceEqual(text);
        if (!text.StartsWith(raw[..escape])) return false;
        text = text[escape..];
        var i = escape;
        Span<byte> utf8 = stackalloc byte[4];
        while (i < raw.Length)
        {
            if (raw[i] != '\\')
            {
                if (text.IsEmpty || text[0] != raw[i]) return false;
                text = text[1..];
                i++;
                continue;
            }
            int written;
            if (raw[i + 1] != 'u')
            {
                utf8[0] = Unescape(raw[i + 1]);
                written = 1;
                i += 2;
            }
            else
            {
                if (!TryReadRune(raw, ref i, out var rune)) return false;
                written = rune.EncodeToUtf8(utf8);
            }
            if (!text.StartsWith(utf8[..written])) return false;
            text = text[written..];
        }
        return text.IsEmpty;
    }

    private static byte Unescape(byte c) => c switch
    {
        (byte)'b' => (byte)'\b',
        (byte)'f' => (byte)'\f',
        (byte)'n' => (byte)'\n',
        (byte)'r' => (byte)'\r',
        (byte)'t' => (byte)'\t',
        _ => c,
    };

    // Reads \uXXXX at i, and the \uXXXX after it when the first is a high surrogate.
    private static bool TryReadRune(ReadOnlySpan<byte> raw, ref int i, out Rune rune)
    {
        var unit = (char)Hex(raw.Slice(i + 2, 4));
        i += 6;
        if (!char.IsSurrogate(unit)) return Rune.TryCreate(unit, out rune);
        rune = default;
        if (!char.IsHighSurrogate(unit) || i + 6 > raw.Length || raw[i] != '\\' || raw[i + 1] != 'u') return false;
        var low = (char)Hex(raw.Slice(i + 2, 4));
        i += 6;
        return Rune.TryCreate(unit, low, out rune);
    }

    private static int Hex(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var d in digits) value = value * 16 + HexDigit(d);
        return value;
    }

    private static int HexDigit(byte d) => d <= '9' ? d - '0' : (d | 0x20) - 'a' + 10;
}
