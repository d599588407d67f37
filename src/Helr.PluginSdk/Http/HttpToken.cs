namespace Helr.PluginSdk.Http;

/// <summary>RFC 9110's token: what a header name and an Authorization scheme are made of.</summary>
internal static class HttpToken
{
    /// <summary>The characters besides ASCII letters and digits, as error messages list them.</summary>
    public const string Symbols = "!#$%&'*+-.^_`|~";

    public static bool IsChar(char c) => char.IsAsciiLetterOrDigit(c) || Symbols.Contains(c);

    /// <summary>A non-empty run of token characters: a valid header name.</summary>
    public static bool IsHeaderName(string name) => name.Length > 0 && name.All(IsChar);
}
