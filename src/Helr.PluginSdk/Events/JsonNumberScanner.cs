using System.Runtime.CompilerServices;

namespace Helr.PluginSdk.Events;

/// <summary>
/// Validates a JSON number (<c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>) as a small state
/// machine, so a number cut by the end of the bytes received so far resumes where it stopped instead
/// of being read again.
/// </summary>
internal static class JsonNumberScanner
{
    /// <summary>Where in the grammar the scan is; the first three need another byte before the number can end.</summary>
    public enum State : byte { Minus, Dot, Exponent, ExponentSign, Zero, Integer, Fraction, ExponentDigits }

    /// <summary>The state after the number's first byte (a '-' or a digit).</summary>
    public static State Start(byte first) => first switch
    {
        (byte)'-' => State.Minus,
        (byte)'0' => State.Zero,
        _ => State.Integer,
    };

    /// <summary>Whether the number may end in this state.</summary>
    public static bool CanEnd(State state) => state >= State.Zero;

    /// <summary>What must come next for the number to be complete, for messages.</summary>
    public static string Expected(State state) => state == State.Exponent ? "a digit, '+' or '-'" : "a digit";

    /// <summary>
    /// The common case inline: for a number at <paramref name="pos"/> with no exponent and a byte after
    /// it, the offset of that byte; -1 when <see cref="Scan"/> must decide.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int QuickEnd(ReadOnlySpan<byte> json, int pos)
    {
        var p = json[pos] == '-' ? pos + 1 : pos;
        if (p >= json.Length) return -1;
        if (json[p] == '0') p++;
        else if ((uint)(json[p] - '1') <= 8) p = SkipDigits(json, p + 1);
        else return -1;
        if (p < json.Length && json[p] == '.')
        {
            if (p + 1 >= json.Length || (uint)(json[p + 1] - '0') > 9) return -1;
            p = SkipDigits(json, p + 2);
        }
        return p >= json.Length || (json[p] | 0x20) == 'e' ? -1 : p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipDigits(ReadOnlySpan<byte> json, int p)
    {
        while (p < json.Length && (uint)(json[p] - '0') <= 9) p++;
        return p;
    }

    /// <summary>
    /// Scans from <paramref name="pos"/>. Returns the offset just after the number once it ended, or the
    /// bitwise complement of the end of the bytes when they ran out first (call again with more).
    /// </summary>
    public static int Scan(ReadOnlySpan<byte> json, int pos, ref State state)
    {
        var p = pos;
        while (p < json.Length)
        {
            var c = json[p];
            var digit = (uint)(c - '0') <= 9;
            switch (state)
            {
                case State.Minus:
                    if (!digit) throw JsonScanErrors.Unexpected("a digit", c, p);
                    state = c == '0' ? State.Zero : State.Integer;
                    break;
                case State.Zero:
                case State.Integer:
                    if (digit && state == State.Integer) break;
                    if (c == '.') state = State.Dot;
                    else if ((c | 0x20) == 'e') state = State.Exponent;
                    else return p;
                    break;
                case State.Dot:
                    if (!digit) throw JsonScanErrors.Unexpected("a digit after '.'", c, p);
                    state = State.Fraction;
                    break;
                case State.Fraction:
                    if (digit) break;
                    if ((c | 0x20) == 'e') state = State.Exponent;
                    else return p;
                    break;
                case State.Exponent:
                    if (c is (byte)'+' or (byte)'-') state = State.ExponentSign;
                    else if (digit) state = State.ExponentDigits;
                    else throw JsonScanErrors.Unexpected("a digit, '+' or '-' in the exponent", c, p);
                    break;
                case State.ExponentSign:
                    if (!digit) throw JsonScanErrors.Unexpected("a digit in the exponent", c, p);
                    state = State.ExponentDigits;
                    break;
                default:
                    if (!digit) return p;
                    break;
            }
            p++;
        }
        return ~p;
    }
}
