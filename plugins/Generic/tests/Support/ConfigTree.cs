using System.Text.Json;
using Helr.PluginSdk.Config;

namespace Helr.Plugins.Generic.Tests.Support;

/// <summary>
/// Builds the <see cref="ConfigNode"/> tree the kernel would hand over for a source: JSON strings become
/// quoted scalars, numbers and booleans unquoted scalars, null a null node.
/// </summary>
internal static class ConfigTree
{
    public static ConfigNode Source(string json, string id = "s")
    {
        using var document = JsonDocument.Parse(json);
        return Build(document.RootElement, $"sources.{id}", new ConfigErrors());
    }

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
