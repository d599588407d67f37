using YamlDotNet.RepresentationModel;

namespace Helr.Kernel.Config;

/// <summary>
/// YAML tags in helr.yaml. The core schema's say what a value is (<c>!!str 5</c> is text, <c>!!int "5"</c> a
/// number). Any other asks for a reading Helr does not do (mkdocs' <c>!ENV VAR</c>, <c>!!binary</c>,
/// <c>!include</c>): dropped, the text after it was the value (the variable's name sent as a header) while
/// validate said valid.
/// </summary>
internal static class YamlTags
{
    private const string Core = "tag:yaml.org,2002:";

    /// <summary>True when the scalar's tag makes it text, false when a number, boolean or null; null when untagged.</summary>
    public static bool? IsText(YamlScalarNode scalar) => Of(scalar) switch
    {
        "!" or Core + "str" => true,
        Core + "int" or Core + "float" or Core + "bool" or Core + "null" => false,
        _ => null,
    };

    /// <summary>Why the node's tag is refused, or null.</summary>
    public static string? Problem(YamlNode node)
    {
        var tag = Of(node);
        if (tag is null or "!" or "?") return null;
        var core = tag.StartsWith(Core, StringComparison.Ordinal) ? tag[Core.Length..] : null;
        var fits = node switch
        {
            YamlMappingNode => core == "map",
            YamlSequenceNode => core == "seq",
            _ => core is "str" or "int" or "float" or "bool" or "null",
        };
        if (fits) return null;
        var written = core is null ? tag : "!!" + core;
        return $"the YAML tag {written} is not read by Helr (line {node.Start.Line}); remove it"
            + (written.Equals("!env", StringComparison.OrdinalIgnoreCase) ? ": write ${NAME} to read an environment variable" : "");
    }

    private static string? Of(YamlNode node) => node.Tag.IsEmpty ? null : node.Tag.Value;
}
