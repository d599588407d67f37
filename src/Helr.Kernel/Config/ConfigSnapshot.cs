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

    /// <summary>Reads the file's text now (a later edit must not show as the running config).</summary>
    public static ConfigSnapshot Of(HelrConfig config)
    {
        string text;
        try
        {
            text = File.ReadAllText(config.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            text = "";
        }
        return new ConfigSnapshot(config, new Lazy<JsonObject>(() => RawConfig.Parse(text)));
    }

    /// <summary>The source's block as written, or null.</summary>
    public JsonObject? RawSource(string id) => RawConfig.At(Raw, "sources", id);
}
