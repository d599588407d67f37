using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Helr.Kernel.Config;

/// <summary>
/// YAML 1.2's core-schema null: an unquoted <c>~</c>, <c>null</c>, <c>Null</c>, <c>NULL</c> or nothing. Every
/// reader of the file goes by this one rule, so the config endpoints and <c>plugins list -c</c> see no value
/// where the loader does (they showed <c>Null</c> and <c>NULL</c> as text).
/// </summary>
internal static class YamlNull
{
    public static bool Is(string text) => text.Length == 0 || text is "~" or "null" or "Null" or "NULL";

    /// <summary>True for a plain (unquoted, not block) scalar that reads as null.</summary>
    public static bool Is(YamlScalarNode scalar) =>
        scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && Is(PlaceholderShield.Restore(scalar.Value ?? ""));
}
