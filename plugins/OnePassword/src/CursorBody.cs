using System.Text.Json;

namespace Helr.Plugins.OnePassword;

/// <summary>The two request bodies of the Events API: a reset cursor, or the cursor of the last response.</summary>
internal static class CursorBody
{
    /// <summary><c>{"limit":…,"start_time":"…"}</c>: starts a new traversal at <paramref name="start"/>.</summary>
    public static byte[] Reset(int limit, string start)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("limit", limit);
            json.WriteString("start_time", start);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary><c>{"cursor":"…"}</c>: continues where the response carrying <paramref name="cursor"/> ended.</summary>
    public static byte[] Continue(string cursor)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("cursor", cursor);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
