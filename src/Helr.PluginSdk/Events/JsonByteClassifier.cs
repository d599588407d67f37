using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Helr.PluginSdk.Events;

/// <summary>
/// Turns 64 bytes into bit masks (bit i for byte i): quotes, backslashes, control characters,
/// whitespace and structural bytes. One of three code paths runs, chosen by <see cref="Width"/> from
/// what the runtime accelerates; each is exercised on any machine because .ci/run repeats the scanner
/// tests with DOTNET_EnableAVX512=0 and with DOTNET_EnableAVX2=0 (see ScannerPathTests).
/// </summary>
internal static class JsonByteClassifier
{
    // A byte is in a class when both its nibbles' entries have the class's bit: space (0x20), tab/LF/CR
    // (0x09 0x0A 0x0D), ',' (0x2C), ':' (0x3A), brackets and braces (0x5B 0x5D 0x7B 0x7D).
    private const byte WhitespaceClasses = 0x01 | 0x02;
    private const byte OperatorClasses = 0x04 | 0x08 | 0x10;
    private static readonly Vector512<byte> LowNibbleClasses = Vector512.Create(Vector128.Create(
        (byte)0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x02 | 0x08, 0x10, 0x04, 0x02 | 0x10, 0, 0));
    private static readonly Vector512<byte> HighNibbleClasses = Vector512.Create(Vector128.Create(
        (byte)0x02, 0, 0x01 | 0x04, 0x08, 0, 0x10, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0));

    /// <summary>
    /// The vector width in bits of the path <see cref="Classify"/> takes: 512 (AVX-512, whose F and BW
    /// parts .NET 10 enables only together), 256 (AVX2) or 128. A JIT-time constant.
    /// </summary>
    internal static int Width
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.IsHardwareAccelerated && Avx512BW.IsSupported ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;
    }

    /// <summary>Classifies the 64 bytes at <paramref name="bytes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Classify(ref byte bytes, out ulong quote, out ulong backslash, out ulong control, out ulong whitespace, out ulong operators)
    {
        if (Width == 512)
        {
            var v = Vector512.LoadUnsafe(ref bytes);
            quote = Vector512.Equals(v, Vector512.Create((byte)'"')).ExtractMostSignificantBits();
            backslash = Vector512.Equals(v, Vector512.Create((byte)'\\')).ExtractMostSignificantBits();
            control = Vector512.LessThan(v, Vector512.Create((byte)0x20)).ExtractMostSignificantBits();
            // Both classes from two 16-entry lookups, by low and by high nibble: fewer instructions than eight compares.
            var low = Avx512BW.Shuffle(LowNibbleClasses, v & Vector512.Create((byte)0x0F));
            var high = Avx512BW.Shuffle(HighNibbleClasses, Vector512.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & Vector512.Create((byte)0x0F));
            var classes = low & high;
            whitespace = ~Vector512.Equals(classes & Vector512.Create(WhitespaceClasses), Vector512<byte>.Zero).ExtractMostSignificantBits();
            operators = ~Vector512.Equals(classes & Vector512.Create(OperatorClasses), Vector512<byte>.Zero).ExtractMostSignificantBits();
        }
        else if (Width == 256)
        {
            Classify256(Vector256.LoadUnsafe(ref bytes), out var q0, out var b0, out var c0, out var w0, out var o0);
            Classify256(Vector256.LoadUnsafe(ref bytes, 32), out var q1, out var b1, out var c1, out var w1, out var o1);
            quote = q0 | (q1 << 32);
            backslash = b0 | (b1 << 32);
            control = c0 | (c1 << 32);
            whitespace = w0 | (w1 << 32);
            operators = o0 | (o1 << 32);
        }
        else
        {
            quote = backslash = control = whitespace = operators = 0;
            for (var i = 0; i < 64; i += 16)
            {
                var v = Vector128.LoadUnsafe(ref bytes, (nuint)i);
                var folded = v | Vector128.Create((byte)0x20); // '[' -> '{', ']' -> '}'
                quote |= (ulong)Vector128.Equals(v, Vector128.Create((byte)'"')).ExtractMostSignificantBits() << i;
                backslash |= (ulong)Vector128.Equals(v, Vector128.Create((byte)'\\')).ExtractMostSignificantBits() << i;
                control |= (ulong)Vector128.LessThan(v, Vector128.Create((byte)0x20)).ExtractMostSignificantBits() << i;
                whitespace |= (ulong)(Vector128.Equals(v, Vector128.Create((byte)' ')) | Vector128.Equals(v, Vector128.Create((byte)'\n'))
                    | Vector128.Equals(v, Vector128.Create((byte)'\r')) | Vector128.Equals(v, Vector128.Create((byte)'\t'))).ExtractMostSignificantBits() << i;
                operators |= (ulong)(Vector128.Equals(folded, Vector128.Create((byte)'{')) | Vector128.Equals(folded, Vector128.Create((byte)'}'))
                    | Vector128.Equals(v, Vector128.Create((byte)':')) | Vector128.Equals(v, Vector128.Create((byte)','))).ExtractMostSignificantBits() << i;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Classify256(Vector256<byte> v, out ulong quote, out ulong backslash, out ulong control, out ulong whitespace, out ulong operators)
    {
        var folded = v | Vector256.Create((byte)0x20);
        quote = Vector256.Equals(v, Vector256.Create((byte)'"')).ExtractMostSignificantBits();
        backslash = Vector256.Equals(v, Vector256.Create((byte)'\\')).ExtractMostSignificantBits();
        control = Vector256.LessThan(v, Vector256.Create((byte)0x20)).ExtractMostSignificantBits();
        whitespace = (Vector256.Equals(v, Vector256.Create((byte)' ')) | Vector256.Equals(v, Vector256.Create((byte)'\n'))
            | Vector256.Equals(v, Vector256.Create((byte)'\r')) | Vector256.Equals(v, Vector256.Create((byte)'\t'))).ExtractMostSignificantBits();
        operators = (Vector256.Equals(folded, Vector256.Create((byte)'{')) | Vector256.Equals(folded, Vector256.Create((byte)'}'))
            | Vector256.Equals(v, Vector256.Create((byte)':')) | Vector256.Equals(v, Vector256.Create((byte)','))).ExtractMostSignificantBits();
    }
}
