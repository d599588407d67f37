using System.Globalization;

namespace Helr.Plugins.Tailscale;

/// <summary>RFC 3339 times as Tailscale writes them (up to nanoseconds) and as its API takes them (seconds).</summary>
internal static class Rfc3339
{
    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses a time, dropping fraction digits beyond the 7 that <see cref="DateTimeOffset"/> holds.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var dot = text.IndexOf('.');
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            if (end - dot - 1 > 7) text = text[..(dot + 8)] + text[end..];
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }

    /// <summary>Whole seconds, so that one window's end is the next one's start exactly as sent.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
