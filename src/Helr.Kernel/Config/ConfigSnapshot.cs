using System.Text.Json.Nodes;

namespace Helr.Kernel.Config;

/// <summary>The running config: the loaded records and the file as written (for the config endpoints and the reload's notes on keys it cannot apply).</summary>
internal sealed class ConfigSnapshot
{
    private readonly Lazy<JsonObject> _raw;

    private ConfigSnapshot(HelrConfig config, Lazy<JsonObject> raw)
    {
        Config = config;
        _raw = raw;
    }

    public HelrConfig Config { get; }

    /// <summary>The file as written; parsed on first use, so a run that never reloads or serves its config does not pay for it.</summary>
    public JsonObject Raw => _raw.Value;

    /// <summary>
    /// The text the config was loaded from, not the file read again: an edit made meanwhile (during a slow
    /// start-up, or a reload's build) showed in <c>/api/v1/config</c> although it was not what ran.
    /// </summary>
    public static ConfigSnapshot Of(HelrConfig config)
    {
        var text = config.Text;
        return new ConfigSnapshot(config, new Lazy<JsonObject>(() => RawConfig.Parse(text)));
    }

    /// <summary>The source's block as written, or null.</summary>
    public JsonObject? RawSource(string id) => RawConfig.At(Raw, "sources", id);
}
