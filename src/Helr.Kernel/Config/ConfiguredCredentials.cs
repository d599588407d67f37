using System.Text.RegularExpressions;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Config;

/// <summary>
/// The credential values one source's block resolves to, for the kernel to cut out of what it prints
/// for the source's plugin: a secret's variable or file (<c>token_env</c>, <c>client_secret_file</c>,
/// <c>private_key_env</c>; not <c>client_id_env</c>, <c>script_file</c>, <c>ca_file</c>), a value written
/// under a credential's key or header, a URL's password or credential query parameter, and the value
/// of every secret-named variable the block expands (<c>?access=${API_SECRET}</c>).
/// </summary>
internal static partial class ConfiguredCredentials
{
    public static IReadOnlyList<string> Of(ConfigValue block, IHelrEnvironment env)
    {
        var found = new List<string>();
        Walk(block, null, null, env, found);
        return found;
    }

    /// <summary>The block's <c>headers</c> entries as configured (variables expanded).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(ConfigValue block) =>
        block["headers"] is { Kind: ConfigNodeKind.Mapping } headers
            ? headers.Keys.Select(k => new KeyValuePair<string, string>(k, headers[k]?.Text ?? "")).ToList()
            : [];

    private static void Walk(ConfigValue value, string? key, string? parent, IHelrEnvironment env, List<string> found)
    {
        switch (value.Kind)
        {
            case ConfigNodeKind.Mapping:
                foreach (var child in value.Keys) Walk(value[child]!, child, key, env, found);
                break;
            case ConfigNodeKind.Sequence:
                foreach (var item in value.Items) Walk(item, key, parent, env, found);
                break;
            case ConfigNodeKind.Scalar when value.Text is { Length: > 0 } text:
                Scalar(text, value.Written, key, parent, env, found);
                break;
        }
    }

    private static void Scalar(string text, string? written, string? key, string? parent, IHelrEnvironment env, List<string> found)
    {
        if (key is not null && Secret(key, "_env") is true) found.Add(env.GetVariable(text) ?? "");
        else if (key is not null && Secret(key, "_file") is true) found.Add(ReadFile(env, text));
        else if (key is not null && !NamesAPlace(key) && (ConfigRedaction.IsCredentialKey(key)
            || (parent is "headers" or "query_params" && ConfigRedaction.IsVendorCredentialName(key)))) found.Add(text);
        if (written is not null)
        {
            foreach (Match m in Variable().Matches(written))
            {
                if (ExpandedSecrets.IsSecretVariable(m.Groups[1].Value) && env.GetVariable(m.Groups[1].Value) is { } v && Text.CuttableSecret.Is(v)) found.Add(v);
            }
        }
        if (text.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(text, UriKind.Absolute, out var url)) FromUrl(url, found);
    }

    // The key of a secret's variable or file: its prefix names a credential (token, client_secret, private_key).
    private static bool? Secret(string key, string suffix) =>
        key.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) ? ExpandedSecrets.IsSecretVariable(key[..^suffix.Length]) : null;

    private static void FromUrl(Uri url, List<string> found)
    {
        if (url.UserInfo.IndexOf(':') is var colon and >= 0) found.Add(Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]));
        foreach (var (name, value) in Text.QueryPairs.Of(url.Query.TrimStart('?')))
        {
            var plain = Uri.UnescapeDataString(name);
            if (value.Length > 0 && (ConfigRedaction.IsCredentialKey(plain) || ConfigRedaction.IsVendorCredentialName(plain)))
                found.Add(Uri.UnescapeDataString(value.Replace('+', ' ')));
        }
    }

    // token_url, cursor_path, cursor_param, id_field: where a credential goes or is found, not one.
    private static bool NamesAPlace(string key) =>
        new[] { "_url", "_path", "_param", "_field", "_header", "_name", "_type" }.Any(suffix => key.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));

    private static string ReadFile(IHelrEnvironment env, string path)
    {
        try
        {
            // Trimmed as SecretSource sends it.
            return env.ReadFile(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Variable();
}
