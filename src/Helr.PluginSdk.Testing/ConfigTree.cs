using System.Text.Json;
using Helr.PluginSdk.Config;

namespace Helr.PluginSdk.Testing;

/// <summary>
/// Builds a <see cref="ConfigNode"/> tree the way the kernel's YAML reader would: JSON strings become
/// quoted scalars, numbers and booleans unquoted scalars, null a null node.
/// </summary>
public static class ConfigTree
{
    /// <summary>The tree for <paramref name="json"/>, rooted at key path <paramref name="path"/>.</summary>
    public static ConfigNode FromJson(string json, string path = "", ConfigErrors? errors = null)
    {
        using var document = JsonDocument.Parse(json);
        return Build(document.RootElement, path, errors ?? new ConfigErrors());
    }

    /// <summary>A source section at <c>sources.s</c>.</summary>
    public static ConfigNode Source(string json) => FromJson(json, "sources.s");

    /// <summary>A mapping holding one unquoted scalar, for YAML plain text JSON cannot express.</summary>
    public static ConfigNode Plain(string key, string text, string path = "sources.s")
    {
        var errors = new ConfigErrors();
        var node = ConfigNode.NewMapping(path, errors);
        node.Add(key, ConfigNode.NewScalar(node.ChildPath(key), text, quoted: false, errors));
        return node;
    }

    /// <summary>Every error and warning recorded while reading <paramref name="node"/>, as printed.</summary>
    public static IReadOnlyList<string> Messages(this ConfigNode node) => node.Errors.All.Select(e => e.ToString()).ToList();

    private static ConfigNode Build(JsonElement element, string path, ConfigErrors errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var mapping = ConfigNode.NewMapping(path, errors);
                foreach (var property in element.EnumerateObject())
                    mapping.Add(property.Name, Build(property.Value, mapping.ChildPath(property.Name), errors));
                return mapping;
            case JsonValueKind.Array:
                var sequence = ConfigNode.NewSequence(path, errors);
                var i = 0;
                foreach (var item in element.EnumerateArray()) sequence.Add(Build(item, $"{path}[{i++}]", errors));
                return sequence;
            case JsonValueKind.String:
                return ConfigNode.NewScalar(path, element.GetString()!, quoted: true, errors);
            case JsonValueKind.Null:
                return ConfigNode.NewNull(path, errors);
            default:
                return ConfigNode.NewScalar(path, element.GetRawText(), quoted: false, errors);
        }
    }
}
