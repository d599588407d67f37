using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Helr.Kernel.Text;

namespace Helr.Kernel.Replay;

/// <summary>
/// Cuts credentials out of what a recording stores: every secret value known so far (configured
/// secrets, headers the authenticator set, tokens from token responses) wherever it appears, in the
/// forms a server echoes it in (as is, JSON-escaped, URL-encoded), plus values whose name says they
/// are a credential.
/// </summary>
internal sealed partial class RecordingRedactor
{
    public const string Redacted = "[REDACTED]";

    // Shorter values are not worth hiding and would mangle the text (as in error body previews).
    private const int ShortestSecret = 4;

    private static readonly string[] CredentialHeaders = { "authorization", "proxy-authorization", "cookie", "set-cookie", "dpop" };

    private readonly object _gate = new();
    private string[] _ordered = [];
    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);

    /// <summary>Adds a credential (a whole header value like <c>Bearer x</c> or <c>Basic …</c>, or a bare secret).</summary>
    /// <returns>Whether it was new.</returns>
    public bool AddSecret(string? value)
    {
        if (string.IsNullOrEmpty(value)) return false;
        lock (_gate)
        {
            var before = _secrets.Count;
            AddWithVariants(value);
            var space = value.IndexOf(' ');
            if (space > 0)
            {
                var credential = value[(space + 1)..].Trim();
                AddWithVariants(credential);
                if (value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) AddBasic(credential);
            }
            if (_secrets.Count == before) return false;
            _ordered = _secrets.OrderByDescending(s => s.Length).ToArray();
            return true;
        }
    }

    /// <summary><paramref name="text"/> with every known secret replaced by <c>[REDACTED]</c>.</summary>
    public string Scrub(string text)
    {
        foreach (var secret in _ordered)
        {
            if (text.Contains(secret, StringComparison.Ordinal)) text = text.Replace(secret, Redacted, StringComparison.Ordinal);
        }
        return text;
    }

    /// <summary>A body with the known secrets cut out: as text when it is UTF-8, else byte by byte.</summary>
    public byte[] ScrubBody(byte[] body) => Utf8.IsValid(body) ? Encoding.UTF8.GetBytes(Scrub(Encoding.UTF8.GetString(body))) : ScrubBytes(body);

    /// <summary>
    /// A token endpoint's answer with every credential-named field (access_token, refresh_token,
    /// id_token, …) replaced; their values become known secrets first, so a later page echoing one is cut too.
    /// </summary>
    public byte[] RedactTokenResponse(byte[] body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return ScrubBody(body);
        }
        if (root is null) return body;
        var learnt = false;
        Walk(root, name => LooksSecret(name) && name != "token_type", ref learnt);
        return ScrubBody(Encoding.UTF8.GetBytes(root.ToJsonString()));
    }

    /// <summary>The URL without user info and with credential-named query values replaced, then scrubbed.</summary>
    public string RedactUrl(Uri url)
    {
        if (!url.IsAbsoluteUri) return Scrub(url.OriginalString);
        var builder = new UriBuilder(url) { UserName = "", Password = "" };
        var query = url.Query.TrimStart('?');
        if (query.Length > 0) builder.Query = QueryPairs.Rewrite(query, (name, _) => IsSecretParameter(name) ? Uri.EscapeDataString(Redacted) : null);
        return Scrub(builder.Uri.AbsoluteUri);
    }

    /// <summary>Makes the values of credential-named query parameters of <paramref name="url"/> known secrets.</summary>
    /// <returns>Whether one was new.</returns>
    public bool LearnFromUrl(Uri url)
    {
        var learnt = false;
        if (!url.IsAbsoluteUri) return learnt;
        foreach (var (name, value) in QueryPairs.Of(url.Query.TrimStart('?')))
        {
            if (IsSecretParameter(name)) learnt |= AddSecret(Uri.UnescapeDataString(value.Replace('+', ' ')));
        }
        return learnt;
    }

    /// <summary>Headers that always carry credentials: never stored, whatever their value.</summary>
    public static bool IsCredentialHeader(string name) => CredentialHeaders.Contains(name.ToLowerInvariant());

    /// <summary>A header, field or query parameter whose name says it holds a credential.</summary>
    public static bool LooksSecret(string name) => PluginSdk.CredentialNames.IsCredentialHeaderOrParameter(name);

    // Pagination tokens (pageToken, next_token, cursor) are positions, not credentials, and replay matches on them.
    internal static bool IsSecretParameter(string name) =>
        PluginSdk.CredentialNames.IsCredentialParameter(name) && !name.Equals("token_type", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Replaces the string fields <paramref name="secret"/> names, learning their values (<paramref name="learnt"/>:
    /// one was new); true when it replaced one.
    /// </summary>
    private bool Walk(JsonNode node, Func<string, bool> secret, ref bool learnt)
    {
        var replaced = false;
        if (node is JsonObject obj)
        {
            foreach (var (name, value) in obj.ToList())
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var text) && secret(name))
                {
                    learnt |= AddSecret(text);
                    obj[name] = Redacted;
                    replaced = true;
                }
                else if (value is not null) replaced |= Walk(value, secret, ref learnt);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array) if (item is not null) replaced |= Walk(item, secret, ref learnt);
        }
        return replaced;
    }

    private void AddWithVariants(string secret)
    {
        if (secret.Length < ShortestSecret || secret == Redacted) return;
        // JSON as .NET writes it (\u0022) and as most servers do (\", \/).
        var json = JsonEncodedText.Encode(secret).ToString();
        var relaxed = JsonEncodedText.Encode(secret, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
        foreach (var variant in new[] { secret, json, relaxed, relaxed.Replace("/", "\\/", StringComparison.Ordinal),
                     secret.Replace("/", "\\/", StringComparison.Ordinal), Uri.EscapeDataString(secret), Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)) })
            _secrets.Add(variant);
    }

    private void AddBasic(string credential)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(credential));
            AddWithVariants(decoded);
            var colon = decoded.IndexOf(':');
            if (colon >= 0) AddWithVariants(decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
        }
    }
}
