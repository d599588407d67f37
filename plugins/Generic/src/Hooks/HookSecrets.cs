using System.Collections;
using System.Text;
using System.Text.Json.Nodes;
using Helr.PluginSdk;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>
/// The credentials a hook can hold, cut out of what its script logs and of its error messages: the
/// values of environment variables named like a credential or read by the source's <c>auth</c>
/// (<c>ctx.env</c>) and the password in a proxy variable's URL (<c>HTTPS_PROXY</c>), of the source's
/// credential headers (<c>ctx.headers</c>), everything <c>getAuth</c> returned and the credential-named
/// headers and query parameters <c>buildRequest</c> returned (named as the kernel's config view and
/// recordings judge a header or parameter, not as it judges a variable). Scripts log
/// <c>ctx</c> or a login answer while debugging, and the error reaches the health and REST API.
/// </summary>
internal sealed class HookSecrets
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
        {
            if (e.Key is not string name || e.Value is not string value) continue;
            // A proxy variable's URL: only its password, so the rest of what a script logs of it stays readable.
            if (authNames.Contains(name)) AddCredential(value);
            else if (CredentialNames.SecretOfVariable(name, value) is { } secret) AddCredential(secret);
        }
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
            // A session a POST API takes in the body: the request carries it, and a script logging request.body printed it.
            foreach (var value in Strings(auth["body"])) AddCredential(value);
            Order();
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        _ => HookValues.String(node) is { } text ? [text] : [],
    };

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

    // A header or parameter by the names the config view, recordings and error previews hide it by (sig,
    // an OAuth code): judged by the variable words alone, a hook's sig= went into the log and the error the
    // kernel's own messages hide it from. Of the variable words, only a bare PRIVATE adds to them
    // (X-Private-Pem); the others re-added key and auth inside any word, so the value of a sort_key or
    // author filter was cut out of every log line, wherever its text appeared.
    public static bool IsCredentialName(string name) =>
        CredentialNames.IsCredentialHeaderOrParameter(name) || name.Contains("private", StringComparison.OrdinalIgnoreCase);

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
