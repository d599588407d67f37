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

    /// <summary>The time at the start of its second, in UTC: what <see cref="Format"/> writes, exactly.</summary>
    public static DateTimeOffset TruncateToSeconds(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
