using System.Text.RegularExpressions;

namespace Helr.PluginSdk;

/// <summary>
/// Which names mark a credential, for everything that hides or leaves out a value by its name: the
/// kernel's config view, config errors, error body previews, recordings and state views, the generic
/// plugin's hook logs, and <see cref="Paging.StoredCursor.FingerprintOf"/>. A name one of them took
/// for a credential and another did not was a leak (or, for the fingerprint, a filter whose edit was
/// ignored). Two kinds, which rightly differ: an environment variable's name
/// (<see cref="IsSecretVariable"/>: upper-case words, where KEY, AUTH or PRIVATE inside a longer word
/// still mean a secret: <c>MONKEY</c>, <c>AUTHOR_TOKEN</c>) and a header, query parameter or field's
/// name (<see cref="IsCredentialHeaderOrParameter"/>, where a search filter such as <c>author</c> or
/// <c>keyword</c> is none, nor <c>sort_key</c>, and a bare <c>private</c> none either: <c>private_repos</c>).
/// </summary>
public static partial class CredentialNames
{
    /// <summary>
    /// True for an environment variable whose name says it holds a credential (<c>…TOKEN</c>,
    /// <c>…SECRET</c>, <c>…KEY</c>, <c>…AUTH…</c>, <c>DB_PASS</c>, <c>SENTRY_DSN</c>, <c>GITHUB_PAT</c>, …).
    /// </summary>
    public static bool IsSecretVariable(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return SecretVariable().IsMatch(name);
    }

    /// <summary>
    /// The secret in environment variable <paramref name="name"/>'s <paramref name="value"/>, or null: all
    /// of a secret-named variable's value (<see cref="IsSecretVariable"/>), and the password in the URL of
    /// a proxy variable (<c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c>, <c>ALL_PROXY</c>, in any case:
    /// <c>http://user:password@proxy:3128</c>), whose name says nothing secret but whose URL may hold one.
    /// </summary>
    public static string? SecretOfVariable(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (IsSecretVariable(name)) return value;
        if (!ProxyVariable().IsMatch(name)) return null;
        var start = value.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 ? scheme + 3 : 0;
        var end = value.IndexOfAny(['/', '?', '#'], start);
        if (end < 0) end = value.Length;
        var at = end > start ? value.LastIndexOf('@', end - 1, end - start) : -1;
        var colon = at > start ? value.IndexOf(':', start, at - start) : -1;
        return colon >= 0 && at > colon + 1 ? value[(colon + 1)..at] : null;
    }

    /// <summary>
    /// True for a vendor's header or query parameter name, or a token form's or body's field, that says
    /// it holds a credential (<c>Authorization</c>, <c>X-Auth-Key</c>, <c>api_key</c>, <c>sig</c>,
    /// <c>Ocp-Apim-Subscription-Key</c>, OAuth's <c>code</c>, <c>code_verifier</c> and <c>DPoP</c>);
    /// not a filter such as <c>author</c>, <c>keyword</c> or <c>sort_key</c>.
    /// </summary>
    public static bool IsCredentialHeaderOrParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return CredentialWord().IsMatch(name) || LooseWord().IsMatch(name)
            || name.Equals("code", StringComparison.OrdinalIgnoreCase) || name.Equals("code_verifier", StringComparison.OrdinalIgnoreCase)
            || name.Equals("dpop", StringComparison.OrdinalIgnoreCase);
    }

    // One of Helr's own config keys (or a body field) whose value is a credential: narrower than a
    // vendor's names, as Helr's keys say auth or key without holding one (auth, state_key, dpop: true).
    internal static bool IsCredentialKey(string key) => CredentialWord().IsMatch(key);

    // A vendor's query parameter holding a credential, not a position (pageToken, next_token, cursor),
    // which the vendor changes each page.
    internal static bool IsCredentialParameter(string name) =>
        IsCredentialHeaderOrParameter(name) && !name.Contains("page", StringComparison.OrdinalIgnoreCase)
        && !name.Contains("next", StringComparison.OrdinalIgnoreCase) && !name.Contains("cursor", StringComparison.OrdinalIgnoreCase);

    // PASS, DSN and PAT (a personal access token) only as a whole word of the name (DB_PASS, SENTRY_DSN,
    // GITHUB_PAT): inside one they are BYPASS, COMPASS, PATH. A DSN holds the database's password.
    [GeneratedRegex("^(https?|all)_proxy$", RegexOptions.IgnoreCase)]
    private static partial Regex ProxyVariable();

    [GeneratedRegex(@"TOKEN|SECRET|PASSW|PASSPHRASE|PWD|KEY|CREDENTIAL|AUTH|COOKIE|SESSION|SIGNATURE|PRIVATE|JWT|(?<![A-Z0-9])(PASS|DSN|PAT)(?![A-Z0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex SecretVariable();

    // The variables' words, less a bare key, auth or private (Helr's keys hold them: state_key, auth,
    // private_repos), plus a signature's short forms, a signed assertion (client_assertion) and a JWT (a bearer token
    // by another name: jwt, X-JWT).
    [GeneratedRegex(@"authorization|cookie|token|secret|passw|passphrase|pwd|api[-_]?key|apikey|credential|private[-_]?key|signature|session|assertion|jwt|sig$|^key$|(?<![a-z0-9])(pass|dsn|pat)(?![a-z0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex CredentialWord();

    // A vendor's names say auth or key more loosely (X-Auth-Key, authkey, Ocp-Apim-Subscription-Key), but
    // author, authored_by and keyword are a search filter (authorization, authorize_url still count), and
    // sort_key (sortKey, X-Sort-Key) names the field results are ordered by.
    [GeneratedRegex(@"(?<!sort[-_]?)key(?!word)|auth(?!or(?!iz))", RegexOptions.IgnoreCase)]
    private static partial Regex LooseWord();
}
