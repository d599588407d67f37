using System.Text;

namespace Helr.Kernel.State;

/// <summary>
/// PostgreSQL text cannot hold a NUL character, and JSON can put one in any string: an event id, or a
/// cursor or watermark taken from a response. Refused, such an id would stay unsaved and fail every
/// later checkpoint of its source, so collection would never move past its page. Such strings (and,
/// so that reading back is unambiguous, those that start with the marker U+0001) are stored as the
/// marker followed by the base64 of their UTF-8; every other string is stored as it is (upstream's layout).
/// </summary>
internal static class PostgresText
{
    private const char Marker = '\u0001';

    public static string Encode(string text) =>
        text.Contains('\0') || (text.Length > 0 && text[0] == Marker)
            ? Marker + Convert.ToBase64String(Encoding.UTF8.GetBytes(text))
            : text;

    public static string Decode(string stored) =>
        stored.Length > 0 && stored[0] == Marker ? Encoding.UTF8.GetString(Convert.FromBase64String(stored[1..])) : stored;

    public static string[] Encode(IEnumerable<string> texts) => texts.Select(Encode).ToArray();
}
