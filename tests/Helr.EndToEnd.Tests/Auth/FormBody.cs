namespace Helr.EndToEnd.Tests.Auth;

/// <summary>Parses an application/x-www-form-urlencoded body.</summary>
public static class FormBody
{
    public static IReadOnlyDictionary<string, string> Parse(string body)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? "" : pair[(eq + 1)..];
            form[Unescape(key)] = Unescape(value);
        }
        return form;
    }

    private static string Unescape(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
}
