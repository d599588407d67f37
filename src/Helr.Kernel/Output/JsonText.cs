using System.Text.Json;

namespace Helr.Kernel.Output;

/// <summary>Helpers for JSON string tokens copied from an API response into an envelope.</summary>
internal static class JsonText
{
    /// <summary>
    /// True when the string token (quotes included) reads exactly as the envelope encoder would write
    /// its value, so it can be copied: printable ASCII only, no quote or backslash inside.
    /// </summary>
    /// <remarks>
    /// A plain loop rather than a <c>SearchValues</c> search: it runs for two short tokens of every
    /// event, and the search's generic code is not precompiled, so in a short run it ran as
    /// unoptimised first-tier code almost throughout (docs/performance.md, "The data phase").
    /// </remarks>
    public static bool IsPlain(ReadOnlySpan<byte> token)
    {
        if (token.Length < 2) return false;
        foreach (var b in token[1..^1])
        {
            if (b is < 0x20 or >= 0x7F or (byte)'"' or (byte)'\\') return false;
        }
        return true;
    }

    /// <summary>The value of a string token (quotes included), unescaped; its text as written when it has none (see <see cref="TryUnquote"/>).</summary>
    public static string Unquote(ReadOnlySpan<byte> token) =>
        TryUnquote(token, out var value) ? value : System.Text.Encoding.UTF8.GetString(token[1..^1]);

    /// <summary>
    /// The value of a string token (quotes included), unescaped; false when it holds an escaped half
    /// of a UTF-16 surrogate pair (valid JSON, no valid text): copy the token as it is then.
    /// </summary>
    public static bool TryUnquote(ReadOnlySpan<byte> token, out string value)
    {
        var reader = new Utf8JsonReader(token);
        reader.Read();
        try
        {
            value = reader.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            value = "";
            return false;
        }
    }
}
