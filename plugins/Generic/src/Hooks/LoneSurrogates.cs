using System.Globalization;
using System.Text;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>
/// JSON text with every escaped lone UTF-16 surrogate (<c>"\ud800"</c>: valid JSON, not valid text)
/// replaced by <c>\ufffd</c>. APIs that cut strings at a code unit send them, and JS strings hold
/// them freely (<c>JSON.stringify</c> escapes them); System.Text.Json refuses to read them as strings,
/// which failed the hook call on the same page every cycle. Escaped pairs are kept.
/// </summary>
internal static class LoneSurrogates
{
    public static string Replace(string json)
    {
        if (!json.Contains("\\u", StringComparison.Ordinal)) return json;
        StringBuilder? result = null;
        var copied = 0;
        for (var i = 0; i < json.Length - 1; i++)
        {
            if (json[i] != '\\') continue;
            if (json[i + 1] != 'u' || Unit(json, i) is not { } unit)
            {
                i++; // "\\" and the like: the next character is escaped, not an escape's start.
                continue;
            }
            if (char.IsHighSurrogate(unit) && Unit(json, i + 6) is { } low && char.IsLowSurrogate(low))
            {
                i += 11;
                continue;
            }
            if (char.IsSurrogate(unit))
            {
                result ??= new StringBuilder(json.Length);
                result.Append(json, copied, i - copied).Append("\\ufffd");
                copied = i + 6;
            }
            i += 5;
        }
        return result is null ? json : result.Append(json, copied, json.Length - copied).ToString();
    }

    // The code unit of the \uXXXX escape at i, if there is one.
    private static char? Unit(string json, int i) =>
        i + 6 <= json.Length && json[i] == '\\' && json[i + 1] == 'u'
        && ushort.TryParse(json.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit)
            ? (char)unit
            : null;
}
