using System.Text.Unicode;

namespace Helr.Kernel.Http;

/// <summary>Checks a body's UTF-8 in pieces: a sequence split between two reads is checked once whole.</summary>
internal static class Utf8Prefix
{
    /// <summary>
    /// The length of <paramref name="bytes"/> without a trailing sequence that is incomplete (and may
    /// still be completed by more bytes), after checking that much is valid; -1 if it is not.
    /// </summary>
    public static int ValidLength(ReadOnlySpan<byte> bytes)
    {
        var cut = bytes.Length;
        // At most three continuation bytes may belong to a sequence whose end has not arrived.
        for (var back = 1; back <= 3 && back <= bytes.Length; back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80) continue;
            var need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            if (need > back) cut = bytes.Length - back;
            break;
        }
        return Utf8.IsValid(bytes[..cut]) ? cut : -1;
    }
}
