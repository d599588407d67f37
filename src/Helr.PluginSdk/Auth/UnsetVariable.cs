namespace Helr.PluginSdk.Auth;

/// <summary>
/// The problem for a <c>*_env</c> key naming a variable that is not set. Its value is quoted only when
/// it reads as a variable's name: a common slip is the secret itself written there (a token, a PEM),
/// and quoting it put the credential in the log, the journal and the reload's REST answer.
/// </summary>
internal static class UnsetVariable
{
    // Names are letters, digits and _; a long one mixing cases and digits is a token (ghp_…), not a name,
    // and so is a long run of letters and digits with no _ between words (a classic GitHub token is 40
    // lower-case hex digits): a long name breaks its words with _ (OKTA_PROD_API_TOKEN).
    private const int LongestMixedName = 23;

    public static string Problem(string name) => LooksLikeName(name)
        ? $"environment variable {name} is not set"
        : "names no environment variable: its value is not a variable's name (letters, digits and _) and looks like the secret itself, "
            + "which is not shown; write the name of the variable that holds the secret";

    private static bool LooksLikeName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        if (name.Length <= LongestMixedName || !name.Any(char.IsAsciiDigit)) return true;
        var mixedCase = name.Any(char.IsAsciiLetterLower) && name.Any(char.IsAsciiLetterUpper);
        return !mixedCase && name.Contains('_');
    }
}
