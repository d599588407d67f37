using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Helr.Kernel.Config;

/// <summary>
/// Removes secret values from a <see cref="RawConfig"/> tree before it leaves the process. Secrets
/// normally come from <c>*_env</c> / <c>*_file</c> keys, whose names and paths stay; a value written
/// into the file under a credential-like key (a header, a body field, a query parameter), the password
/// of a URL or of a <c>Host=…;Password=…</c> connection string, and the default of a <c>${VAR:-default}</c> reference are replaced.
/// </summary>
internal static partial class ConfigRedaction
{
    public const string Redacted = "[redacted]";

    public static JsonNode? Redact(JsonNode? node) => node is null ? null : Walk(node.DeepClone(), null);

    /// <summary>True for a key whose value is a credential (never for <c>*_env</c>, <c>*_file</c> or <c>token_url</c>).</summary>
    public static bool IsCredentialKey(string key) =>
        !key.EndsWith("_env", StringComparison.OrdinalIgnoreCase) && !key.EndsWith("_file", StringComparison.OrdinalIgnoreCase)
        && !key.EndsWith("_url", StringComparison.OrdinalIgnoreCase) && PluginSdk.CredentialNames.IsCredentialKey(key);

    // Header and parameter names are the vendor's, not Helr's: X-Auth-Key, Ocp-Apim-Subscription-Key,
    // X-Functions-Key. Any name saying auth or key there is a credential, as the error body preview
    // and the recorder treat it; the narrower rule above stays for Helr's own keys (state_key, user_key).
    private static bool IsCredentialHeader(string? parent, string name) =>
        parent is not null && (parent.Equals("headers", StringComparison.OrdinalIgnoreCase) || parent.Equals("query_params", StringComparison.OrdinalIgnoreCase))
        && IsVendorCredentialName(name);

    /// <summary>True for a vendor's header or query parameter name that says auth or key (<c>X-Auth-Key</c>, <c>subscription-key</c>).</summary>
    public static bool IsVendorCredentialName(string name) => PluginSdk.CredentialNames.IsCredentialHeaderOrParameter(name);

    private static JsonNode Walk(JsonNode node, string? key)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var name in map.Select(kv => kv.Key).ToList())
                {
                    var child = map[name];
                    if (child is null) continue;
                    map[name] = (IsCredentialKey(name) || IsCredentialHeader(key, name)) && child is JsonValue ? Redacted : Walk(child, name);
                }
                return map;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is { } item) list[i] = Walk(item.DeepClone(), key);
                }
                return list;
            case JsonValue value when value.TryGetValue<string>(out var text):
                return JsonValue.Create(RedactText(text))!;
            default:
                return node;
        }
    }

    /// <summary>One value with a URL's password, a credential query parameter and a <c>${VAR:-default}</c>'s default replaced.</summary>
    // Text rewriting rather than Uri parsing: a value may be any string, and "redis://:pw@host" is not a URI .NET accepts.
    public static string RedactText(string text)
    {
        text = EnvDefault().Replace(text, m => $"${{{m.Groups[1].Value}:-{Redacted}}}");
        // state.url may be an Npgsql keyword string (Host=…;Password=…) rather than a URL.
        if (text.Contains('=')) text = KeywordPassword().Replace(text, m => m.Groups[1].Value + Redacted);
        if (!text.Contains("://", StringComparison.Ordinal)) return text;
        text = UrlPassword().Replace(text, m => $"{m.Groups[1].Value}:redacted@");
        // redis://secret@host is a password for the default user (RedisUrl reads it as redis-cli does).
        text = RedisPasswordAlone().Replace(text, m => $"{m.Groups[1].Value}redacted@");
        // A URL's query parameters are the vendor's names, as under query_params: (subscription-key=…).
        return QueryParam().Replace(text, m => Uri.UnescapeDataString(m.Groups[2].Value) is var name && (IsCredentialKey(name) || IsVendorCredentialName(name))
            ? $"{m.Groups[1].Value}{m.Groups[2].Value}=redacted" : m.Value);
    }

    // A quoted value may hold ';' (Npgsql's connection string syntax, as ADO.NET's).
    [GeneratedRegex(@"((?:^|;)\s*(?:password|pwd)\s*=\s*)(?:'(?:[^']|'')*'|""(?:[^""]|"""")*""|[^;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex KeywordPassword();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*):-[^}]*\}")]
    private static partial Regex EnvDefault();

    [GeneratedRegex(@"([?&])([^&=#?]+)=([^&#]*)")]
    private static partial Regex QueryParam();

    // Up to the authority's last '@': an unencoded '@' in the password is part of it.
    [GeneratedRegex(@"(://[^/@:?#]*):([^/?#]*)@")]
    private static partial Regex UrlPassword();

    // Up to the authority's last '@', as above; a user:password pair is already replaced by then.
    [GeneratedRegex(@"(\brediss?://)[^/@:?#]+(?:@[^/@:?#]*)*@(?=[^/?#@]*(?:[/?#]|$))", RegexOptions.IgnoreCase)]
    private static partial Regex RedisPasswordAlone();
}
