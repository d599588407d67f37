using Helr.PluginSdk.Config;

namespace Helr.Plugins.Generic;

/// <summary>Source keys of upstream features this plugin has not built yet.</summary>
internal sealed record PlannedSourceOptions
{
    /// <summary><c>buffered</c> or <c>full</c>; null when absent.</summary>
    public string? ResponseStreaming { get; init; }
}

/// <summary>
/// Reads <c>response_streaming</c>: checked like the built keys, and when present it also gets one
/// warning that Helr does not act on it yet.
/// </summary>
internal static class PlannedSourceReader
{
    public const string NotActedOn = "not supported yet: checked, but Helr does not act on it";
    public static readonly string[] StreamingModes = { "buffered", "full" };

    public static PlannedSourceOptions Read(ConfigNode config)
    {
        Warn(config, "response_streaming");
        return new PlannedSourceOptions
        {
            ResponseStreaming = config.Choice("response_streaming", StreamingModes),
        };
    }

    private static void Warn(ConfigNode config, string key)
    {
        if (config.Has(key)) config.Errors.Warn(config.ChildPath(key), NotActedOn);
    }
}
