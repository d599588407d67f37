using System.Text.RegularExpressions;

namespace Helr.Kernel.Text;

/// <summary>
/// The one list of names that mark a credential, for every place that hides values by name (config
/// view, config errors, error body previews, recordings, state views, stored URLs): a name one of them
/// took for a credential and another did not was a leak. Two kinds, which rightly differ: an
/// environment variable's name (upper case words, where PRIVATE or a bare KEY inside a longer word
/// still means a secret), and a config key, header, field or query parameter's name. The generic
/// plugin's HookSecrets keeps a copy of <see cref="IsSecretVariable"/> (a plugin sees only the SDK);
/// CredentialNamesTests checks that the two agree.
/// </summary>
internal static partial class CredentialNames
{
    /// <summary>True for a variable whose name says it holds a credential (…TOKEN, …SECRET, …KEY, DB_PASS, …_DSN, GITHUB_PAT).</summary>
    public static bool IsSecretVariable(string name) => SecretVariable().IsMatch(name);

    /// <summary>
    /// True for one of Helr's own config keys (or a body field) whose value is a credential: narrower
    /// than <see cref="IsVendorName"/>, as Helr's keys say auth or key without holding one (auth,
    /// state_key, dpop: true).
    /// </summary>
    public static bool IsCredentialKey(string key) => CredentialWord().IsMatch(key);

    /// <summary>
    /// True for a vendor's header or query parameter name, or a token form's field, that says it holds a
    /// credential: the vendor's names say auth or key more loosely (X-Auth-Key, Ocp-Apim-Subscription-Key),
    /// and OAuth's forms name theirs code, code_verifier and DPoP.
    /// </summary>
    public static bool IsVendorName(string name) =>
        CredentialWord().IsMatch(name) || name.Contains("auth", StringComparison.OrdinalIgnoreCase) || name.Contains("key", StringComparison.OrdinalIgnoreCase)
        || name.Equals("code", StringComparison.OrdinalIgnoreCase) || name.Equals("code_verifier", StringComparison.OrdinalIgnoreCase)
        || name.Equals("dpop", StringComparison.OrdinalIgnoreCase);

    /// <summary>A vendor's query parameter holding a credential, not a position (pageToken, next_token, cursor), which the vendor changes each page.</summary>
    public static bool IsCredentialParameter(string name) =>
        IsVendorName(name) && !name.Contains("page", StringComparison.OrdinalIgnoreCase)
        && !name.Contains("next", StringComparison.OrdinalIgnoreCase) && !name.Contains("cursor", StringComparison.OrdinalIgnoreCase);

    // PASS, DSN and PAT (a personal access token) only as a whole word of the name (DB_PASS, SENTRY_DSN,
    // GITHUB_PAT): inside one they are BYPASS, COMPASS, PATH. A DSN holds the database's password.
    [GeneratedRegex(@"TOKEN|SECRET|PASSW|PASSPHRASE|PWD|KEY|CREDENTIAL|AUTH|COOKIE|SESSION|SIGNATURE|PRIVATE|(?<![A-Z0-9])(PASS|DSN|PAT)(?![A-Z0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex SecretVariable();

    // The variables' words, less a bare key, auth or private (Helr's keys hold them: state_key, auth,
    // private_repos), plus a signature's short forms and a signed assertion (client_assertion).
    [GeneratedRegex(@"authorization|cookie|token|secret|passw|passphrase|pwd|api[-_]?key|apikey|credential|private[-_]?key|signature|session|assertion|sig$|^key$|(?<![a-z0-9])(pass|dsn|pat)(?![a-z0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex CredentialWord();
}
