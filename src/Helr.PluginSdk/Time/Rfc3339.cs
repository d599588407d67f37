using System.Globalization;

namespace Helr.PluginSdk.Time;

/// <summary>
/// RFC 3339 times as vendors write them (any fraction, up to nanoseconds) and as their time filters
/// take them (whole seconds, <c>Z</c>).
/// </summary>
public static class Rfc3339
{
    /// <summary><c>yyyy-MM-ddTHH:mm:ssZ</c> in UTC; any fraction of a second is dropped.</summary>
    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses a time (an offset or <c>Z</c>; none is taken as UTC), dropping fraction digits beyond the
    /// 7 that <see cref="DateTimeOffset"/> holds. Null for null, empty or unreadable text.
    /// </summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            if (end - dot - 1 > 7) text = text[..(dot + 8)] + text[end..];
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }

    /// <summary>
    /// Whether <paramref name="text"/> has the shape of an RFC 3339 date-time: <c>yyyy-MM-ddTHH:mm:ss</c>,
    /// any fraction, then <c>Z</c> or an offset. Narrower than <see cref="Parse"/>, which also reads
    /// dates alone and other text .NET takes for a time.
    /// </summary>
    internal static bool IsTimestamp(string text)
    {
        if (text.Length < 20 || !Digits(text, 0, 4) || text[4] != '-' || !Digits(text, 5, 2) || text[7] != '-' || !Digits(text, 8, 2) ||
            text[10] is not ('T' or 't') || !Digits(text, 11, 2) || text[13] != ':' || !Digits(text, 14, 2) || text[16] != ':' || !Digits(text, 17, 2))
            return false;
        var at = 19;
        if (text[at] == '.')
        {
            var start = ++at;
            while (at < text.Length && char.IsAsciiDigit(text[at])) at++;
            if (at == start) return false;
        }
        if (at == text.Length - 1) return text[at] is 'Z' or 'z';
        return at == text.Length - 6 && text[at] is ('+' or '-') && Digits(text, at + 1, 2) && text[at + 3] == ':' && Digits(text, at + 4, 2);
    }

    private static bool Digits(string text, int start, int count)
    {
        for (var i = start; i < start + count; i++)
            if (!char.IsAsciiDigit(text[i])) return false;
        return true;
    }

    /// <summary>The time at the start of its second, in UTC: what <see cref="Format"/> writes, exactly.</summary>
    public static DateTimeOffset TruncateToSeconds(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
