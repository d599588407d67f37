using System.Text;

namespace Helr.Kernel.State;

/// <summary>
/// PostgreSQL text cannot hold a NUL character, and JSON can put one in any string: an event id, or a
/// cursor or watermark taken from a response. Refused, such an id would stay unsaved and fail every
/// later checkpoint of its source, so collection would never move past its page. Such strings (and,
/// so that reading back is unambiguous, those that start with the prefix) are stored as
/// <see cref="Prefix"/> followed by the base64 of their UTF-8; every other string is stored as it is
/// (upstream's layout). A stored string with the prefix that is not valid base64 (written raw by an
/// older Helr) is read as it is.
/// </summary>
internal static class PostgresText
{
    private const string Prefix = "\u0001b64:";

    public static string Encode(string text) =>
        text.Contains('\0') || text.StartsWith(Prefix, StringComparison.Ordinal)
            ? Prefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(text))
            : text;

    public static string Decode(string stored)
    {
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal)) return stored;
        var bytes = new byte[stored.Length];
        return Convert.TryFromBase64String(stored[Prefix.Length..], bytes, out var length) ? Encoding.UTF8.GetString(bytes, 0, length) : stored;
    }

    public static string[] Encode(IEnumerable<string> texts) => texts.Select(Encode).ToArray();
}
