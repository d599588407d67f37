using System.Text.Json.Nodes;

namespace Helr.Kernel.Config;

/// <summary>The running config: the loaded records and the file as written (for the config endpoints and reload diffs).</summary>
internal sealed record ConfigSnapshot(HelrConfig Config, JsonObject Raw)
{
    public static ConfigSnapshot Of(HelrConfig config) => new(config, RawConfig.Read(config.Path));

    /// <summary>The source's block as written, or null.</summary>
    public JsonObject? RawSource(string id) => RawConfig.At(Raw, "sources", id);
}
