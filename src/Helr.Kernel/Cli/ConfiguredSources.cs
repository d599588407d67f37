using YamlDotNet.RepresentationModel;

namespace Helr.Kernel.Cli;

/// <summary>
/// The <c>type:</c> of each source of a config file, read straight from the YAML so that
/// <c>helr plugins list -c</c> works on a config that does not (yet) validate.
/// </summary>
internal static class ConfiguredSources
{
    /// <summary>Source id and type, in file order; a source without <c>type</c> is generic (as the loader reads it), one with a non-scalar type is left out.</summary>
    public static IReadOnlyList<(string Id, string Type)> Read(string path)
    {
        var stream = Config.YamlShapeGuard.Load(Config.PlaceholderShield.Hide(File.ReadAllText(path)));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root) return Array.Empty<(string, string)>();
        if (!root.Children.TryGetValue(new YamlScalarNode("sources"), out var sources) || sources is not YamlMappingNode mapping)
            return Array.Empty<(string, string)>();
        var result = new List<(string, string)>();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } id } || value is not YamlMappingNode source) continue;
            if (!source.Children.TryGetValue(new YamlScalarNode("type"), out var type) || type is YamlScalarNode blank && Config.YamlNull.Is(blank)) result.Add((Config.PlaceholderShield.Restore(id), Config.SourceSettings.DefaultType));
            else if (type is YamlScalarNode { Value: { } name }) result.Add((Config.PlaceholderShield.Restore(id), Config.PlaceholderShield.Restore(name)));
        }
        return result;
    }
}
