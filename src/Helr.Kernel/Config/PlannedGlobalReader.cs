using Helr.PluginSdk.Config;

namespace Helr.Kernel.Config;

/// <summary>
/// Reads the <c>global:</c> blocks of features not built yet (api, reload). Every key is checked; each present block also gets one warning that Helr does not act on it.
/// </summary>
internal static class PlannedGlobalReader
{
    public const string NotActedOn = "not supported yet: checked, but Helr does not act on it";

    public static ServerConfig ReadServer(ConfigNode global, string key, int defaultPort)
    {
        var node = Block(global, key);
        if (node is null) return new ServerConfig { Port = defaultPort };
        return new ServerConfig
        {
            Enabled = node.Boolean("enabled") ?? false,
            Address = NonEmpty(node, "address") ?? "0.0.0.0",
            Port = (int)(node.Integer("port", min: 1, max: 65_535) ?? defaultPort),
        };
    }

    public static ReloadConfig ReadReload(ConfigNode global)
    {
        var node = Block(global, "reload");
        return node is null ? new() : new ReloadConfig
        {
            RestartSourcesOnSighup = node.Boolean("restart_sources_on_sighup") ?? false,
        };
    }

    /// <summary>The block at <paramref name="key"/> (null when absent or not a map), warned about when present.</summary>
    private static ConfigNode? Block(ConfigNode global, string key)
    {
        if (global.Has(key)) global.Errors.Warn(global.ChildPath(key), NotActedOn);
        return global.Mapping(key);
    }

    private static string? NonEmpty(ConfigNode node, string key)
    {
        var value = node.String(key);
        if (value is { Length: 0 })
        {
            node.Fail(key, "must not be empty");
            return null;
        }
        return value;
    }
}
