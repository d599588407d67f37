using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Helr.PluginSdk.Events;

/// <summary>
/// The first of the scanner's two passes: classifies the body 64 bytes at a time with vector compares
/// and bit arithmetic (no per-byte branches) and lists where every token starts: each bracket, brace,
/// colon and comma outside strings, each opening quote, and the first byte of every other run of
/// non-whitespace outside strings (numbers, literals, garbage). String contents are validated here
/// (no raw control characters, only legal escapes) and never looked at again. Walking tokens instead
/// of bytes is what makes the scan fast: finding where one string ends no longer waits on the last.
/// Besides <see cref="JsonByteClassifier"/>'s three widths, listing the offsets (AVX-512 VBMI2 or
/// scalar) and pairing quotes (PCLMULQDQ or scalar) each have a wide and a fallback path; .ci/run
/// runs the tests on every one of them (ScannerPathTests).
/// </summary>
internal sealed class JsonTokenIndexer
{
    /// <summary>Most tokens one <see cref="Fill"/> lists (one per byte at worst).</summary>
    public const int Capacity = BlocksPerFill * 64;

    /// <summary>The room <see cref="Fill"/> needs: it writes a few positions past the last before counting them.</summary>
    public const int BufferLength = Capacity + 64;

    private const int BlocksPerFill = 64;
    private const int HexLookahead = 5; // a \u escape in a block may have its digits this far past it
    private const ulong EvenBits = 0x5555_5555_5555_5555;

    // An explicit static constructor runs when the first indexer is made, so the class (and the
    // classifier's) is initialised before Fill is first compiled: the JIT then embeds the vector
    // constants instead of loading them through class-init checks in the loop. Fill is compiled fully
    // optimised once and not recompiled (AggressiveOptimization), so a Fill compiled before
    // initialisation stayed that slow: about 2.5x its CPU on the bench run.
    static JsonTokenIndexer() => RuntimeHelpers.RunClassConstructor(typeof(JsonByteClassifier).TypeHandle);

    private static readonly Vector512<byte> Positions = Vector512.Create(
        (byte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
        32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63);

    // Within each 16-byte lane of a broadcast 64-bit mask, byte j takes the mask's byte holding bit j.
    private static readonly Vector512<byte> ByteOfBit = Vector512.Create(
        (byte)0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3,
        4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7);

    private static readonly Vector512<byte> BitInByte = Vector512.Create(
        (byte)1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128,
        1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128);

    private int _next;          // offset of the next block
    private ulong _inString;    // all ones when the bytes so far end inside a string
    private ulong _escapeCarry; // 1 when they end in an unescaped backslash
    private ulong _scalarCarry; // 1 when they end in a run of non-whitespace outside strings
    private EventFormatException? _error;
    private LastBlock _last;    // the final bytes, padded with spaces to a whole block

    /// <summary>Whether everything indexed so far ends inside a string.</summary>
    public bool EndsInString => _inString != 0;

    /// <summary>
    /// Lists in <paramref name="tokens"/> (<see cref="BufferLength"/> long) the token offsets of the next
    /// blocks: only whole blocks unless <paramref name="isFinal"/>. Returns how many; 0 when no block with
    /// a token is ready. A string error found in a block stops the listing just before it and is thrown
    /// by the next call, so every token before it is judged by the grammar first, as in a byte-by-byte reading.
    /// </summary>
    // Optimised at its first call, whatever the process's tiering: as quick-JIT (tier-0) code its
    // AggressiveInlining helpers are calls and the whole scan ran ~35% slower until tier 1 replaced it.
    // This also keeps Fill out of ReadyToRun, which costs nothing on AVX-512 hardware (its precompiled
    // code assumed no 512-bit vectors and was rejected there) and one JIT compilation, a few ms, elsewhere.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Fill(ReadOnlySpan<byte> json, bool isFinal, int[] tokens)
    {
        if (_error is not null) throw _error;
        var count = 0;
        var start = _next;
        var inString = _inString;
        var escapeCarry = _escapeCarry;
        var scalarCarry = _scalarCarry;
        var lastWhole = json.Length - 64 - (isFinal ? 0 : HexLookahead);
        var stop = start + BlocksPerFill * 64;
        ref var data = ref MemoryMarshal.GetReference(json);
        ref var output = ref MemoryMarshal.GetArrayDataReference(tokens);
        // Past the usual number of blocks only while none had a token (a long string), so at most one
        // more block's worth is listed and Capacity holds.
        while (start < stop || count == 0)
        {
            ref var bytes = ref Unsafe.NullRef<byte>();
            var valid = ulong.MaxValue;
            if (start <= lastWhole)
            {
                bytes = ref Unsafe.Add(ref data, start);
            }
            else
            {
                if (!isFinal || start >= json.Length) break;
                // Whitespace padding ends any token and adds none.
                ((Span<byte>)_last).Fill((byte)' ');
                json[start..].CopyTo(_last);
                bytes = ref _last[0];
                valid = (1UL << (json.Length - start)) - 1;
            }

            JsonByteClassifier.Classify(ref bytes, out var quote, out var backslash, out var control, out var whitespace, out var operators);
            var escaped = 0UL;
            if ((backslash | escapeCarry) != 0)
            {
                // Escaped characters: the ones after an odd-length run of backslashes.
                backslash &= ~escapeCarry;
                var followsEscape = (backslash << 1) | escapeCarry;
                var oddStarts = backslash & ~EvenBits & ~followsEscape;
                var sum = oddStarts + backslash;
                escapeCarry = sum < oddStarts ? 1UL : 0UL;
                escaped = (EvenBits ^ (sum << 1)) & followsEscape;
            }
            var quotes = quote & ~escaped;
            var wasInString = inString;
            inString = PrefixXor(quotes) ^ wasInString; // opening quote and contents; not the closing quote
            var scalar = ~(inString | quotes | whitespace | operators);
            var found = (operators & ~inString) | (quotes & inString) | (scalar & ~((scalar << 1) | scalarCarry));
            scalarCarry = scalar >> 63;

            var badControl = control & inString & valid;
            var escapes = escaped & ((inString << 1) | (wasInString & 1)) & valid;
            inString = (ulong)((long)inString >> 63);
            if ((badControl | escapes) != 0)
            {
                var error = FirstStringError(json, start, badControl, escapes);
                if (error < int.MaxValue)
                {
                    var before = error - start;
                    found = before <= 0 ? 0 : before >= 64 ? found : found & ((1UL << before) - 1);
                }
            }

            count = Flatten(ref output, count, found & valid, start);
            start += 64;
            if (_error is not null) break;
        }
        _next = start;
        _inString = inString;
        _escapeCarry = escapeCarry;
        _scalarCarry = scalarCarry;
        if (count == 0 && _error is not null) throw _error;
        return count;
    }

    /// <summary>The first <paramref name="count"/> bytes are dropped: later spans start that much further into the body.</summary>
    public void Rebase(int count) => _next -= count;

    // Writes the offsets of the set bits. The first eight, and the next eight, are written whether or
    // not there are that many (the count says how many are real): a loop ending at an unpredictable
    // count would cost a mispredicted branch per block.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Flatten(ref int output, int count, ulong bits, int start)
    {
        var total = BitOperations.PopCount(bits);
        ref var at = ref Unsafe.Add(ref output, count);
        if (Avx512Vbmi2.IsSupported)
        {
            // One compress packs the set bits' positions into bytes; they are widened and stored 16 at a time.
            var spread = Avx512BW.Shuffle(Vector512.Create(bits).AsByte(), ByteOfBit);
            var selected = Vector512.Equals(spread & BitInByte, BitInByte);
            var packed = Avx512Vbmi2.Compress(Vector512<byte>.Zero, selected, Positions).AsByte();
            var offset = Vector512.Create(start);
            (Avx512F.ConvertToVector512Int32(packed.GetLower().GetLower()) + offset).StoreUnsafe(ref at);
            if (total > 16)
            {
                (Avx512F.ConvertToVector512Int32(packed.GetLower().GetUpper()) + offset).StoreUnsafe(ref at, 16);
                (Avx512F.ConvertToVector512Int32(packed.GetUpper().GetLower()) + offset).StoreUnsafe(ref at, 32);
                (Avx512F.ConvertToVector512Int32(packed.GetUpper().GetUpper()) + offset).StoreUnsafe(ref at, 48);
            }
            return count + total;
        }
        Write8(ref at, ref bits, start);
        if (total > 8)
        {
            Write8(ref Unsafe.Add(ref at, 8), ref bits, start);
            for (var i = 16; i < total; i++)
            {
                Unsafe.Add(ref at, i) = start + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
            }
        }
        return count + total;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write8(ref int at, ref ulong bits, int start)
    {
        var b = bits;
        at = start + BitOperations.TrailingZeroCount(b);
        b &= b - 1;
        Unsafe.Add(ref at, 1) = start + BitOperations.TrailingZeroCount(b);
        b &= b - 1;
        Unsafe.Add(ref at, 2) = start + BitOperations.TrailingZeroCount(b);
        b &= b - 1;
        Unsafe.Add(ref at, 3) = start + BitOperations.TrailingZeroCount(b);
        b &= b - 1;
        Unsafe.Add(ref at, 4) = start + BitOperations.TrailingZeroCount(b);
        b &= b - 1;
        Unsafe.Add(ref at, 5) = start + BitOperations.TrailingZeroCount(b);
        b &= b - 1;
        Unsafe.Add(ref at, 6) = start + BitOperations.TrailingZeroCount(b);
        b &= b - 1;
        Unsafe.Add(ref at, 7) = start + BitOperations.TrailingZeroCount(b);
        bits = b & (b - 1);
    }

    // The offset of the first bad byte in the block's strings (int.MaxValue if none), recording its error.
    // A \u escape's bad digit wins a tie with a control character there, as a byte-by-byte reader finds it first.
    private int FirstStringError(ReadOnlySpan<byte> json, int start, ulong badControl, ulong escapes)
    {
        var controlAt = badControl == 0 ? int.MaxValue : start + BitOperations.TrailingZeroCount(badControl);
        for (; escapes != 0; escapes &= escapes - 1)
        {
            var at = start + BitOperations.TrailingZeroCount(escapes);
            if (at > controlAt) break;
            var c = json[at];
            if (c is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t') continue;
            if (c != 'u')
            {
                _error = JsonScanErrors.BadEscape(c, at - 1);
                return at - 1;
            }
            for (var i = at + 1; i <= at + 4 && i < json.Length; i++)
            {
                if (char.IsAsciiHexDigit((char)json[i])) continue;
                if (i > controlAt) break;
                _error = JsonScanErrors.BadUnicodeEscape(json[i], i);
                return i;
            }
        }
        if (controlAt == int.MaxValue) return controlAt;
        _error = JsonScanErrors.ControlCharacter(json[controlAt], controlAt);
        return controlAt;
    }

    // Bit i is the parity of the quotes at or before i: set from an opening quote up to its closing one.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong PrefixXor(ulong bits)
    {
        if (Pclmulqdq.IsSupported)
            return Pclmulqdq.CarrylessMultiply(Vector128.CreateScalar(bits), Vector128.Create(ulong.MaxValue), 0).ToScalar();
        bits ^= bits << 1;
        bits ^= bits << 2;
        bits ^= bits << 4;
        bits ^= bits << 8;
        bits ^= bits << 16;
        bits ^= bits << 32;
        return bits;
    }

    [InlineArray(64)]
    private struct LastBlock
    {
        private byte _first;
    }
}
