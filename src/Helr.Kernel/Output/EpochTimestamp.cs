using System.Globalization;
using System.Text;
using Helr.PluginSdk.Events;

namespace Helr.Kernel.Output;

/// <summary>
/// A <c>transform.timestamp_field</c> holding a number (Slack's <c>date_create</c> in Unix seconds,
/// GitHub's <c>@timestamp</c> in milliseconds) becomes an RFC 3339 UTC time for the envelope's
/// <c>ts</c>: values of 10^11 and above are milliseconds (10^11 seconds is the year 5138).
/// </summary>
internal static class EpochTimestamp
{
    private const decimal MillisecondsFrom = 100_000_000_000m;
    private const decimal MaxMilliseconds = 253_402_300_799_999m; // 9999-12-31T23:59:59.999Z

    public static string? Format(DottedPath path, ReadOnlySpan<byte> evt)
    {
        if (path.FindValue(evt) is not { } range) return null;
        var token = evt[range];
        if (token.IsEmpty || !(token[0] is (byte)'-' || char.IsAsciiDigit((char)token[0]))) return null;
        if (!decimal.TryParse(Encoding.ASCII.GetString(token), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number < 0) return null;
        var ms = number >= MillisecondsFrom ? number : number * 1000;
        if (ms > MaxMilliseconds) return null;
        var time = DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Truncate(ms));
        return time.ToString(time.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
