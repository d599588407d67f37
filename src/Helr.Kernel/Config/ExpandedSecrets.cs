using Helr.PluginSdk.Config;

namespace Helr.Kernel.Config;

/// <summary>
/// The values of <c>${VAR}</c> references that are secrets, so that config errors, which quote the
/// values they refuse, show the reference instead: a variable whose name says it holds a credential
/// (…TOKEN, …SECRET, …PASSWORD, …KEY), or any variable expanded into a key that names a secret's
/// variable or file or a credential (<c>token_env: ${OKTA_TOKEN}</c> is a common slip: it puts the
/// token where its variable's name belongs, and the reader says "environment variable &lt;token&gt; is not set").
/// </summary>
internal static class ExpandedSecrets
{
    // Shorter values would be found inside the ordinary words of a message.
    private const int Shortest = 4;

    /// <summary>Notes the value of variable <paramref name="name"/>, expanded at <paramref name="path"/>, when it is a secret.</summary>
    public static void Note(string path, string name, string value, IDictionary<string, string> secrets)
    {
        var key = path[(path.LastIndexOf('.') + 1)..];
        var secretPlace = key.EndsWith("_env", StringComparison.OrdinalIgnoreCase) || key.EndsWith("_file", StringComparison.OrdinalIgnoreCase)
            || ConfigRedaction.IsCredentialKey(key);
        if ((secretPlace || IsSecretVariable(name)) && value.Length >= Shortest) secrets[value] = $"${{{name}}}";
    }

    /// <summary><paramref name="problems"/> with every noted value replaced by the reference it came from.</summary>
    public static ConfigErrors Scrub(ConfigErrors problems, IReadOnlyDictionary<string, string> secrets)
    {
        if (secrets.Count == 0 || problems.All.Count == 0) return problems;
        var ordered = secrets.OrderByDescending(s => s.Key.Length).ToList();
        var result = new ConfigErrors();
        foreach (var problem in problems.All)
        {
            // The path too: a secret expanded into a key (a header name, a source id) is part of every path under it.
            var (path, message) = (problem.Path, problem.Message);
            foreach (var (value, reference) in ordered)
            {
                path = path.Replace(value, reference, StringComparison.Ordinal);
                message = message.Replace(value, reference, StringComparison.Ordinal);
            }
            if (problem.IsWarning) result.Warn(path, message);
            else result.Add(path, message);
        }
        return result;
    }

    /// <summary>True for a variable whose name says it holds a credential (…TOKEN, …SECRET, …KEY, DB_PASS, …_DSN, GITHUB_PAT).</summary>
    public static bool IsSecretVariable(string name) => PluginSdk.CredentialNames.IsSecretVariable(name);
}
