using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Helr.Kernel.Config;

/// <summary>Turns YAML text into a <see cref="ConfigValue"/> (or a <see cref="ConfigNode"/> tree to read), expanding <c>${VAR}</c> in values and keys.</summary>
internal static class YamlConfigReader
{
    /// <param name="unresolved">When given, receives the key path of every value that names an unset variable.</param>
    public static ConfigNode? Read(string yaml, IHelrEnvironment env, ConfigErrors errors, ISet<string>? unresolved = null) =>
        ReadValue(yaml, env, errors, unresolved)?.ToNode("", errors);

    /// <summary>The file's one document as data; null when it is not valid YAML or holds several documents (the problem is on <paramref name="errors"/>).</summary>
    /// <param name="secrets">When given, receives the secret values references expanded to (<see cref="ExpandedSecrets"/>).</param>
    public static ConfigValue? ReadValue(string yaml, IHelrEnvironment env, ConfigErrors errors, ISet<string>? unresolved = null,
        IDictionary<string, string>? secrets = null)
    {
        var hidden = PlaceholderShield.Hide(yaml);
        var parser = new Parser(new StringReader(hidden));
        YamlStream stream;
        try
        {
            stream = YamlShapeGuard.Load(parser);
        }
        catch (YamlException ex) when (Inner(ex) is YamlException inner && inner.Message.StartsWith("Duplicate key", StringComparison.Ordinal)
            && YamlKeyPath.At(hidden, inner.Start) is { } duplicate)
        {
            errors.Add(duplicate, $"duplicate key (line {inner.Start.Line})");
            return null;
        }
        catch (YamlException ex)
        {
            var (line, column) = ex.Start.Equals(ex.End) && Inner(ex).Message.Contains("tab", StringComparison.Ordinal)
                ? TabIndent(yaml, (int)(parser.Current?.Start.Line ?? 1))
                : ((int)ex.Start.Line, (int)ex.Start.Column);
            errors.Add("", $"line {line}, column {column}: invalid YAML: {Inner(ex).Message}");
            return null;
        }
        catch (ArgumentException ex)
        {
            errors.Add("", $"invalid YAML: {ex.Message}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException) when a flow collection is still
            // open at the end of the file; the last event parsed is where the unclosed part starts.
            var line = parser.Current?.Start.Line ?? 0;
            errors.Add("", $"line {line}: invalid YAML: the document ends inside a '{{...}}' or '[...]' that is never closed");
            return null;
        }
        if (stream.Documents.Count == 0) return ConfigValue.Mapping([]);
        // Upstream refuses several documents; reading the first alone would drop the sources after '---' unsaid.
        if (stream.Documents.Skip(1).FirstOrDefault(d => d.RootNode is not YamlScalarNode { Value: "" or null }) is { } more)
        {
            errors.Add("", $"line {more.RootNode.Start.Line}: invalid YAML: the file holds more than one YAML document (a '---' line starts another); "
                + "put every source under the first document's sources:");
            return null;
        }
        return Convert(stream.Documents[0].RootNode, "", env, errors, unresolved, secrets);
    }

    // YamlDotNet reports a tab used as indentation without a position: it is the first one from the
    // last node parsed on (a tab earlier may be a block scalar's text).
    private static (int Line, int Column) TabIndent(string yaml, int from)
    {
        var lines = yaml.Split('\n');
        for (var i = Math.Max(from - 1, 0); i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', 0, indent);
            if (tab >= 0) return (i + 1, tab + 1);
        }
        return (from, 1);
    }

    private static Exception Inner(Exception ex) => ex.InnerException is YamlException inner ? Inner(inner) : ex;

    private static ConfigValue Convert(YamlNode node, string path, IHelrEnvironment env, ConfigErrors errors, ISet<string>? unresolved,
        IDictionary<string, string>? secrets)
    {
        var line = (int)node.Start.Line;
        if (YamlTags.Problem(node) is { } tag) errors.Add(path, tag);
        switch (node)
        {
            case YamlMappingNode map:
                var entries = new List<KeyValuePair<string, ConfigValue>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (keyNode, valueNode) in map.Children)
                {
                    // `? [a, b]` would otherwise become a source id or key "[ a, b ]"; upstream refuses it too.
                    if (keyNode is not YamlScalarNode scalarKey)
                    {
                        errors.Add(path, $"a key must be text, found a {(keyNode is YamlSequenceNode ? "list" : "map")} (line {keyNode.Start.Line})");
                        continue;
                    }
                    var key = ExpandKey(PlaceholderShield.Restore(scalarKey.Value ?? ""), path, env, errors,
                        unresolved, secrets);
                    var childPath = string.IsNullOrEmpty(path) ? key : $"{path}.{key}";
                    if (!seen.Add(key))
                    {
                        errors.Add(childPath, $"duplicate key (line {keyNode.Start.Line})");
                        continue;
                    }
                    entries.Add(new(key, Convert(valueNode, childPath, env, errors, unresolved, secrets)));
                }
                return ConfigValue.Mapping(entries, line);
            case YamlSequenceNode seq:
                var items = new List<ConfigValue>(seq.Children.Count);
                foreach (var item in seq.Children) items.Add(Convert(item, $"{path}[{items.Count}]", env, errors, unresolved, secrets));
                return ConfigValue.Sequence(items, line);
            case YamlScalarNode scalar:
                var quoted = YamlTags.IsText(scalar)
                    ?? scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded;
                var raw = PlaceholderShield.Restore(scalar.Value ?? "");
                if (!quoted && IsNull(raw)) return ConfigValue.Null(line);
                // Most values name no variable: they skip the expansion, its closure and iterators
                // (a config of 1,000 sources has about ten thousand scalars).
                if (!raw.Contains('$')) return ConfigValue.Scalar(raw, quoted, line);
                var value = Expand(raw, path, env, errors, unresolved, secrets, out var complete);
                if (!quoted && complete) value = TrimTyped(value);
                // Upstream substitutes the text before parsing it: there an unquoted reference that comes to
                // nothing (`from: ${FROM:-}`) leaves the key without a value, as if unset, not empty text.
                return !quoted && complete && IsNull(value) ? ConfigValue.Null(line) : ConfigValue.Expanded(value, raw, quoted, line);
            default:
                return ConfigValue.Null(line);
        }
    }

    /// <summary>
    /// A map key, expanded as upstream does (it substitutes the file's text before parsing it:
    /// <c>${TENANT}-okta:</c>, a header name); a key whose variable is unset stays as written, with the
    /// error at it. <see cref="RawConfig"/> shows keys through this too, so a source is found under the id it runs as.
    /// </summary>
    internal static string ExpandKey(string raw, string parent, IHelrEnvironment env, ConfigErrors errors, ISet<string>? unresolved = null,
        IDictionary<string, string>? secrets = null)
    {
        if (!raw.Contains('$')) return raw;
        var value = Expand(raw, string.IsNullOrEmpty(parent) ? raw : $"{parent}.{raw}", env, errors, unresolved, secrets, out var complete);
        return complete ? value : raw;
    }

    // Upstream substitutes before parsing, so white space around a variable's value (the newline of a
    // value read from a file or a ConfigMap) is the YAML's, not the value's, where it makes a number or a
    // boolean, and where it is all there is (no value: the key is unset, as an empty one leaves it). Text
    // keeps it: a header value with a newline is refused, naming the variable's newline.
    private static string TrimTyped(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0) return trimmed;
        if (trimmed.Length == value.Length) return value;
        var typed = YamlInteger.TryParse(trimmed, out System.Numerics.BigInteger _) || bool.TryParse(trimmed, out _)
            || double.TryParse(trimmed, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
        return typed ? trimmed : value;
    }

    private static bool IsNull(string text) => YamlNull.Is(text);

    // What a shell can set: `${ctx.url}` in a script, `${1}` or `${a b}` name no variable anyone meant.
    private static bool IsVariableName(string name) =>
        !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <param name="complete">False when a variable was not set (an error was recorded).</param>
    private static string Expand(string raw, string path, IHelrEnvironment env, ConfigErrors errors, ISet<string>? unresolved,
        IDictionary<string, string>? secrets, out bool complete)
    {
        var unset = false;
        var value = EnvExpander.Expand(raw, env, name =>
        {
            unset = true;
            errors.Add(path, name.Length == 0
                ? "a ${…} placeholder names no variable (${} or ${:-default}); write ${NAME} or ${NAME:-default}, or $${ for a literal"
                : !IsVariableName(name)
                    ? $"${{{name}}} is read as an environment variable, and none by that name is set (a variable's name is letters, digits and _); "
                        + $"to keep it as text (a script's template literal, a GraphQL or regex value), write $${{{name}}}"
                    : $"environment variable {name} is not set (referenced as ${{{name}}}); set it or use ${{{name}:-default}}"
                        + (path.EndsWith("script_inline", StringComparison.Ordinal) ? $", or write $${{{name}}} to keep it as text (a template literal)" : ""));
            unresolved?.Add(path);
        }, secrets is null ? null : (name, variable) => ExpandedSecrets.Note(path, name, variable, secrets));
        // Upstream expands a bare $NAME; Helr does not (passwords and regexes hold '$'), so a
        // value that names a variable that is set was most likely meant as one.
        foreach (var name in EnvExpander.BareNames(raw).Distinct())
        {
            if (env.GetVariable(name) is not null) errors.Warn(path, $"\"${name}\" is not expanded; write ${{{name}}}");
        }
        complete = !unset;
        return value;
    }
}
