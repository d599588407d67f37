using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Helr.PluginSdk.Events;

/// <summary>
/// Validates and skips the inside of a JSON string byte by byte, for the few strings whose end the
/// scanner needs itself (keys of the root object, strings near the root) and that may be cut by the
/// end of the bytes received so far. The content is searched a vector at a time for the only bytes
/// that need a decision: the closing quote, a backslash, or a raw control character.
/// </summary>
internal static class JsonStringSkipper
{
    /// <summary>
    /// Scans from <paramref name="pos"/> (inside a string). Returns the offset of the closing quote, or,
    /// when the bytes run out first, the bitwise complement of where to resume once more arrive (an
    /// escape cut short is read again from its backslash). Not by ref: the caller's position stays in a register.
    /// </summary>
    public static int Skip(ReadOnlySpan<byte> json, int pos)
    {
        ref var start = ref MemoryMarshal.GetReference(json);
        var length = json.Length;
        var p = pos;
        while (true)
        {
            p = NextSpecial(ref start, p, length);
            if (p >= length) return ~length;
            var c = Unsafe.Add(ref start, p);
            if (c == '"') return p;
            if (c != '\\') throw JsonScanErrors.ControlCharacter(c, p);
            var escape = EscapeLength(json, p);
            if (escape == 0) return ~p;
            p += escape;
        }
    }

    // The offset of the first quote, backslash or control character at or after p; length if none.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NextSpecial(ref byte start, int p, int length)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            while (p <= length - Vector256<byte>.Count)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)p);
                var hits = Vector256.Equals(v, Vector256.Create((byte)'"'))
                    | Vector256.Equals(v, Vector256.Create((byte)'\\'))
                    | Vector256.LessThan(v, Vector256.Create((byte)0x20));
                var mask = hits.ExtractMostSignificantBits();
                if (mask != 0) return p + BitOperations.TrailingZeroCount(mask);
                p += Vector256<byte>.Count;
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            while (p <= length - Vector128<byte>.Count)
            {
                var v = Vector128.LoadUnsafe(ref start, (nuint)p);
                var hits = Vector128.Equals(v, Vector128.Create((byte)'"'))
                    | Vector128.Equals(v, Vector128.Create((byte)'\\'))
                    | Vector128.LessThan(v, Vector128.Create((byte)0x20));
                var mask = hits.ExtractMostSignificantBits();
                if (mask != 0) return p + BitOperations.TrailingZeroCount(mask);
                p += Vector128<byte>.Count;
            }
        }
        while (p < length)
        {
            var c = Unsafe.Add(ref start, p);
            if (c == '"' || c == '\\' || c < 0x20) return p;
            p++;
        }
        return length;
    }

    // The length of the escape at the backslash at p, or 0 when the bytes end inside it.
    private static int EscapeLength(ReadOnlySpan<byte> json, int p)
    {
        if (p + 1 >= json.Length) return 0;
        var c = json[p + 1];
        switch (c)
        {
            case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                return 2;
            case (byte)'u':
                for (var i = p + 2; i < p + 6; i++)
                {
                    if (i >= json.Length) return 0;
                    if (!char.IsAsciiHexDigit((char)json[i])) throw JsonScanErrors.BadUnicodeEscape(json[i], i);
                }
                return 6;
            default:
                throw JsonScanErrors.BadEscape(c, p);
        }
    }
}
