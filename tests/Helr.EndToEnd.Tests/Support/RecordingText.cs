using System.Text;
using System.Text.Json;

namespace Helr.EndToEnd.Tests.Support;

/// <summary>
/// A recording file as text with its <c>body_base64</c> decoded beside it: a secret left in a body that
/// is not JSON (so stored only as base64, the form replay serves) would otherwise pass a plain text search.
/// </summary>
internal static class RecordingText
{
    public static string Of(string file)
    {
        var text = File.ReadAllText(file);
        if (!file.EndsWith(".json", StringComparison.Ordinal)) return text;
        using var json = JsonDocument.Parse(text);
        return json.RootElement.TryGetProperty("body_base64", out var b64) && b64.GetString() is { } encoded
            ? text + "\n" + Encoding.UTF8.GetString(Convert.FromBase64String(encoded))
            : text;
    }
}
