using System.Collections;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>
/// The credentials a hook can hold, cut out of what its script logs and of its error messages: the
/// values of environment variables named like a credential or read by the source's <c>auth</c>
/// (<c>ctx.env</c>), of the source's
/// credential headers (<c>ctx.headers</c>), everything <c>getAuth</c> returned and the credential-named
/// headers and query parameters <c>buildRequest</c> returned (named as the kernel's config view and
/// recordings judge a header or parameter, not as it judges a variable). Scripts log
/// <c>ctx</c> or a login answer while debugging, and the error reaches the health and REST API.
/// </summary>
internal sealed partial class HookSecrets
{
    public const string Redacted = "[REDACTED]";

    // Shorter values would be found inside ordinary words; numbers (a TTL) would garble counts.
    private const int Shortest = 8;

    private readonly object _lock = new();
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private List<string> _ordered = new();

    public HookSecrets(IEnumerable<KeyValuePair<string, string>> sourceHeaders, IEnumerable<string> authVariables)
    {
        var authNames = authVariables.ToHashSet(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
            if (e.Key is string name && e.Value is string value && (LooksSecret(name) || authNames.Contains(name))) AddCredential(value);
        foreach (var (name, value) in sourceHeaders)
            if (IsCredentialName(name)) AddCredential(value);
        Order();
    }

    /// <summary>Adds every string of <c>getAuth</c>'s result: all of it is there to authenticate.</summary>
    public void AddAuth(JsonObject? auth)
    {
        if (auth is null) return;
        lock (_lock)
        {
            foreach (var (_, value) in HookValues.StringEntries(auth["headers"])) AddCredential(value);
            foreach (var (_, value) in HookValues.StringEntries(auth["query"])) AddCredential(value);
            if (HookValues.String(auth["cookie"]) is { } cookie)
            {
                AddCredential(cookie);
                foreach (var pair in cookie.Split(';'))
                    if (pair.IndexOf('=') is var eq and >= 0) Add(pair[(eq + 1)..].Trim());
            }
            Order();
        }
    }

    /// <summary>
    /// The credentials in a hook's result: all of <c>getAuth</c>'s, and <c>buildRequest</c>'s headers
    /// and query parameters named like one (a token it fetched, a signature it computed).
    /// </summary>
    public void Learn(string hook, JsonNode? result)
    {
        if (hook == "getAuth") AddAuth(result as JsonObject);
        if (hook != "buildRequest" || result is not JsonObject built) return;
        lock (_lock)
        {
            foreach (var (name, value) in HookValues.StringEntries(built["headers"]).Concat(HookValues.StringEntries(built["query"])))
                if (IsCredentialName(name)) AddCredential(value);
            Order();
        }
    }

    public string Redact(string text)
    {
        List<string> ordered;
        lock (_lock) ordered = _ordered;
        foreach (var secret in ordered)
            if (text.Contains(secret, StringComparison.Ordinal)) text = text.Replace(secret, Redacted, StringComparison.Ordinal);
        return text;
    }

    // A copy of the kernel's list of secret variable names (CredentialNames.IsSecretVariable), which a
    // plugin cannot reach; the kernel's CredentialNamesTests checks the two agree. PASS, DSN and PAT only
    // as a whole word of the name (DB_PASS, SENTRY_DSN, GITHUB_PAT, not BYPASS or PATH); a DSN holds the
    // database's password.
    internal static bool LooksSecret(string name)
    {
        var n = name.ToUpperInvariant();
        var words = n.Split('_', '-', '.');
        return new[] { "TOKEN", "SECRET", "PASSW", "PASSPHRASE", "PWD", "KEY", "CREDENTIAL", "AUTH", "COOKIE", "SESSION", "SIGNATURE", "PRIVATE" }
            .Any(word => n.Contains(word, StringComparison.Ordinal))
            || words.Any(word => word is "PASS" or "DSN" or "PAT");
    }

    // A header or query parameter is judged as the kernel judges it in the config view, recordings and
    // error previews (a signature as sig, an OAuth code), and by the variable words too (X-Private-Pem):
    // judged by the variable words alone, a hook's sig= went into the log and the error the kernel's
    // own messages hide it from.
    internal static bool IsCredentialName(string name) => LooksVendorCredential(name) || LooksSecret(name);

    // A copy of the kernel's CredentialNames.IsVendorName, kept in agreement by CredentialNamesTests.
    internal static bool LooksVendorCredential(string name) =>
        VendorCredentialWord().IsMatch(name) || name.Contains("auth", StringComparison.OrdinalIgnoreCase) || name.Contains("key", StringComparison.OrdinalIgnoreCase)
        || name.Equals("code", StringComparison.OrdinalIgnoreCase) || name.Equals("code_verifier", StringComparison.OrdinalIgnoreCase)
        || name.Equals("dpop", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"authorization|cookie|token|secret|passw|passphrase|pwd|api[-_]?key|apikey|credential|private[-_]?key|signature|session|assertion|sig$|^key$|(?<![a-z0-9])(pass|dsn|pat)(?![a-z0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex VendorCredentialWord();

    // "Bearer abc": the whole value and the credential after the scheme.
    private void AddCredential(string value)
    {
        Add(value);
        var space = value.IndexOf(' ');
        if (space > 0) Add(value[(space + 1)..].Trim());
    }

    private void Add(string value)
    {
        if (value.Length < Shortest || value.All(char.IsAsciiDigit)) return;
        _values.Add(value);
        // As console.log and error messages quote it inside JSON.
        _values.Add(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal));
        // As a URL carries it (a query credential in request.url or a fetch URL): a base64 key's + / = are escaped there.
        _values.Add(Uri.EscapeDataString(value));
    }

    private void Order() => _ordered = _values.OrderByDescending(v => v.Length).ToList();
}
