namespace Helr.PluginSdk.Auth;

/// <summary>
/// A secret about to be sent as a header value: what .NET would refuse (or, unvalidated, split into two
/// headers) is refused first with the setting named, never quoting the value.
/// </summary>
internal static class HeaderSecretCheck
{
    /// <summary>Throws when <paramref name="value"/> cannot travel in a header; <paramref name="noun"/> is "token" or "key".</summary>
    public static void Ensure(string value, string keyPath, string noun)
    {
        // .NET's own refusal names neither the source nor the setting (a variable's trailing newline, say),
        // and sent without validation a line break would end the header and start another one.
        if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            throw new InvalidOperationException($"{keyPath}: the {noun} contains a line break or NUL character, which a header cannot carry");
        // .NET sends header values as ASCII and refuses any other character at each send, retried, naming no
        // setting: U+FFFD from a secret file that is not UTF-8 text, a typographic quote pasted with the value.
        if (!System.Text.Ascii.IsValid(value))
            throw new InvalidOperationException($"{keyPath}: the {noun} contains a character that is not ASCII, which a header cannot carry "
                + "(is the secret file UTF-8 text? was a typographic quote or a non-breaking space pasted with it?)");
    }
}
