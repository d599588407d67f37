using System.Globalization;
using System.Numerics;

namespace Helr.PluginSdk.Config;

/// <summary>
/// A plain scalar read as a whole number the way upstream's serde_yaml reads one: decimal with an
/// optional sign, or YAML 1.2's <c>0x</c> (hexadecimal) and <c>0o</c> (octal) forms, and <c>0b</c>
/// (binary), which serde_yaml also takes, each with an optional sign before the prefix. So
/// <c>max_bytes: 0x100000</c> from an upstream config means what it meant there.
/// </summary>
internal static class YamlInteger
{
    public static bool TryParse(string? text, out long value)
    {
        value = 0;
        if (text is null) return false;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)) return true;
        if (!TryParsePrefixed(text, out var big) || big < long.MinValue || big > long.MaxValue) return false;
        value = (long)big;
        return true;
    }

    /// <summary>Any size, for saying how far past a long a value is.</summary>
    public static bool TryParse(string? text, out BigInteger value)
    {
        value = BigInteger.Zero;
        if (text is null) return false;
        return BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
            || TryParsePrefixed(text, out value);
    }

    /// <summary>The decimal text of a prefixed integer (<c>0x10</c> → <c>16</c>, <c>+5</c> → <c>5</c>); other text unchanged.</summary>
    /// <remarks>Upstream sends such a query parameter as the integer it reads, so as its decimal.</remarks>
    public static string Canonical(string text) =>
        (text.StartsWith('+') || IsPrefixed(text)) && TryParse(text, out BigInteger value)
            ? value.ToString(CultureInfo.InvariantCulture)
            : text;

    private static bool IsPrefixed(string text)
    {
        var body = text.Length > 0 && text[0] is '+' or '-' ? text.AsSpan(1) : text.AsSpan();
        return body.Length > 1 && body[0] == '0' && body[1] is 'x' or 'o' or 'b';
    }

    private static bool TryParsePrefixed(string text, out BigInteger value)
    {
        value = BigInteger.Zero;
        if (!IsPrefixed(text)) return false;
        var negative = text[0] == '-';
        var digits = text.AsSpan(text[0] is '+' or '-' ? 3 : 2);
        var radix = text[text[0] is '+' or '-' ? 2 : 1] switch { 'x' => 16, 'o' => 8, _ => 2 };
        if (digits.IsEmpty) return false;
        foreach (var c in digits)
        {
            var digit = c is >= '0' and <= '9' ? c - '0'
                : c is >= 'a' and <= 'f' ? c - 'a' + 10
                : c is >= 'A' and <= 'F' ? c - 'A' + 10
                : int.MaxValue;
            if (digit >= radix) return false;
            value = value * radix + digit;
        }
        if (negative) value = -value;
        return true;
    }
}
