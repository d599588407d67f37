using System.Globalization;
using System.Text.Json.Nodes;
using Helr.PluginSdk.Config;
using YamlDotNet.RepresentationModel;

namespace Helr.Kernel.Config;

/// <summary>
/// The config file as written, <c>${VAR}</c> references not expanded, as JSON: what the config
/// endpoints show (after <see cref="ConfigRedaction"/>). Not expanding is what keeps secrets passed
/// through the environment out of them.
/// </summary>
internal static class RawConfig
{
    /// <summary>The file's first document as a JSON object; empty when it cannot be read (the loader reports why).</summary>
    public static JsonObject Read(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new JsonObject();
        }
    }

    /// <summary>YAML text as a JSON object; empty when it is not valid YAML.</summary>
    public static JsonObject Parse(string text)
    {
        try
        {
            var stream = YamlShapeGuard.Load(PlaceholderShield.Hide(text));
            return stream.Documents.Count > 0 && Convert(stream.Documents[0].RootNode) is JsonObject root ? root : new JsonObject();
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or ArgumentException or InvalidOperationException)
        {
            return new JsonObject();
        }
    }

    /// <summary>The child object at <paramref name="keys"/>, or null.</summary>
    public static JsonObject? At(JsonObject root, params string[] keys)
    {
        JsonNode? node = root;
        foreach (var key in keys) node = node is JsonObject o && o.TryGetPropertyValue(key, out var child) ? child : null;
        return node as JsonObject;
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(Key(PlaceholderShield.Restore(((kv.Key as YamlScalarNode)?.Value) ?? kv.Key.ToString())), Convert(kv.Value)))
            .DistinctBy(kv => kv.Key)),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    // Keys are expanded by the loader's own rule, so a source whose id names a variable (`${TENANT}-okta:`)
    // is found under the id it runs as; values stay as written. The config loaded, so no key names an
    // unset variable and the errors and warnings of this second reading are not news.
    private static string Key(string raw) =>
        raw.Contains('$') ? YamlConfigReader.ExpandKey(raw, "", HostEnvironment.Instance, new ConfigErrors()) : raw;

    // Plain scalars that read as numbers or booleans are shown as such (0x10 as 16, the number helr runs
    // with, as upstream shows it); quoted ones stay text.
    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        if (scalar.Value is not { } value || YamlNull.Is(scalar)) return null;
        var text = PlaceholderShield.Restore(value);
        if (scalar.Style is not YamlDotNet.Core.ScalarStyle.Plain) return JsonValue.Create(text);
        if (bool.TryParse(text, out var b)) return JsonValue.Create(b);
        if (YamlInteger.TryParse(text, out long l)) return JsonValue.Create(l);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return JsonValue.Create(d);
        return JsonValue.Create(text);
    }
}
