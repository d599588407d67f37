using System.Text;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Config;

/// <summary>
/// Expands <c>${NAME}</c> and <c>${NAME:-default}</c> in config values. <c>$$</c> is one literal
/// <c>$</c> wherever it is, as upstream (shellexpand), so a value escaped for upstream means the same
/// here; any other <c>$</c> is left alone (so passwords and regexes with <c>$</c> survive).
/// An unset variable without a default is an error naming the variable, and a reference naming no
/// variable (<c>${}</c>, <c>${:-default}</c>) one with the name empty (as upstream, which looks up
/// a variable named <c>:-default</c>; its default would hide a name lost by mistake). <c>onVariable</c>, when given,
/// is told each variable that is set and its value (<see cref="ExpandedSecrets"/> keeps secret ones).
/// </summary>
internal static class EnvExpander
{
    public static string Expand(string value, IHelrEnvironment env, Action<string> onUnset, Action<string, string>? onVariable = null)
    {
        if (!value.Contains('$')) return value;
        var sb = new StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '$')
            {
                sb.Append('$');
                i += 2;
                continue;
            }
            if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '{')
            {
                var close = value.IndexOf('}', i + 2);
                if (close > 0)
                {
                    var inner = value[(i + 2)..close];
                    var sep = inner.IndexOf(":-", StringComparison.Ordinal);
                    var name = sep >= 0 ? inner[..sep] : inner;
                    var fallback = sep >= 0 ? inner[(sep + 2)..] : null;
                    if (name.Length == 0)
                    {
                        onUnset(name);
                        i = close + 1;
                        continue;
                    }
                    var variable = env.GetVariable(name);
                    if (variable is not null) onVariable?.Invoke(name, variable);
                    var resolved = variable ?? fallback;
                    if (resolved is null) onUnset(name);
                    sb.Append(resolved);
                    i = close + 1;
                    continue;
                }
            }
            sb.Append(value[i]);
            i++;
        }
        return sb.ToString();
    }

    /// <summary>
    /// Names written as a bare <c>$NAME</c> (upstream expands these; Helr leaves them literal). <c>$$</c>
    /// and <c>${...}</c> are skipped.
    /// </summary>
    public static IEnumerable<string> BareNames(string value)
    {
        var i = 0;
        while ((i = value.IndexOf('$', i)) >= 0)
        {
            if (i + 1 < value.Length && value[i + 1] == '$')
            {
                i += 2;
                continue;
            }
            if (i + 1 < value.Length && value[i + 1] == '{')
            {
                var close = value.IndexOf('}', i + 2);
                i = close < 0 ? i + 2 : close + 1;
                continue;
            }
            var end = i + 1;
            while (end < value.Length && (char.IsAsciiLetterOrDigit(value[end]) || value[end] == '_')) end++;
            if (end > i + 1) yield return value[(i + 1)..end];
            i = end;
        }
    }
}
