using Helr.Kernel.Config;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Replay;

/// <summary>
/// The secret values a config resolves to, found the way the readers find them: every
/// <c>*_env</c> / <c>*_file</c> key (auth tokens, passwords, client secrets, private keys) and every
/// value whose key names a credential (<c>headers: {X-Api-Key: ${KEY}}</c>, <c>password: …</c>), and
/// the value of every variable whose name says secret (<c>…SECRET</c>, <c>…KEY</c>, <c>…TOKEN</c>).
/// </summary>
internal static class ConfiguredSecrets
{
    /// <param name="text">The text the running config was loaded from: the file read again may be another
    /// one (an edit saved since) or nothing (a config given through a pipe, <c>-c &lt;(sops -d …)</c>).</param>
    public static IReadOnlyList<string> Of(string text, IHelrEnvironment env)
    {
        var found = new List<string>();
        // Also every variable whose name says secret, wherever it is expanded (?access=${API_SECRET}),
        // as config errors hide them (ExpandedSecrets): the place's name may say nothing (CuttableSecret).
        var expanded = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new ConfigErrors();
        var root = YamlConfigReader.ReadValue(text, env, errors, secrets: expanded)?.ToNode("", errors);
        if (root is not null) Walk(root, "", null, env, found);
        found.AddRange(expanded.Keys.Where(Text.CuttableSecret.Is));
        return found;
    }

    private static void Walk(ConfigNode node, string key, string? parent, IHelrEnvironment env, List<string> found)
    {
        switch (node.Kind)
        {
            case ConfigNodeKind.Mapping:
                foreach (var child in node.Keys.ToList())
                {
                    if (node.Child(child) is { } value) Walk(value, child, key, env, found);
                }
                break;
            case ConfigNodeKind.Sequence:
                foreach (var item in node.Items) Walk(item, key, parent, env, found);
                break;
            case ConfigNodeKind.Scalar when node.ScalarValue is { Length: > 0 } value:
                if (key.EndsWith("_env", StringComparison.Ordinal)) found.Add(env.GetVariable(value) ?? "");
                else if (key.EndsWith("_file", StringComparison.Ordinal)) found.Add(ReadFile(env, value));
                else if (!NamesAPlace(key) && !IsSwitch(value) && IsCredential(key, parent)) found.Add(value);
                break;
        }
    }

    // As the config view reads names: Helr's own keys by the narrow list (state_key, client_auth name a
    // place or a method), a vendor's header or query parameter by the loose one (X-Auth-Key).
    private static bool IsCredential(string key, string? parent) =>
        ConfigRedaction.IsCredentialKey(key) || (parent is "headers" or "query_params" && ConfigRedaction.IsVendorCredentialName(key));

    // auth.dpop, global.audit.log_credential_access: a switch, whose "true" is in every other page.
    private static bool IsSwitch(string value) => value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase);

    // token_url, cursor_path, cursor_param, id_field: where a credential goes or is found, not one.
    private static bool NamesAPlace(string key) =>
        new[] { "_url", "_path", "_param", "_field", "_header", "_name" }.Any(suffix => key.EndsWith(suffix, StringComparison.Ordinal));

    private static string ReadFile(IHelrEnvironment env, string path)
    {
        try
        {
            // Trimmed as SecretSource sends it, or a recording would keep the value sent.
            return env.ReadFile(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
