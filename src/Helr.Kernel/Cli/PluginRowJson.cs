using System.Text.Json;
using Helr.Kernel.Text;

namespace Helr.Kernel.Cli;

[System.Text.Json.Serialization.JsonSourceGenerationOptions(
    PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(List<PluginRow>))]
internal sealed partial class PluginRowJson : System.Text.Json.Serialization.JsonSerializerContext
{
    private static PluginRowJson? _readable;

    /// <summary>As <see cref="ReadableJson"/>: an error's <c>&lt;Name&gt;</c> stays as written.</summary>
    public static PluginRowJson Readable => _readable ??= new(new JsonSerializerOptions(ReadableJson.Indented)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    });
}
