using Helr.PluginSdk.Config;

namespace Helr.Kernel.Config;

/// <summary>
/// Reads the <c>global:</c> blocks of features not built yet (metrics, dump_on_sigusr1,
/// hooks, audit). Every key is checked; each present block also gets one warning that Helr does not act on it.
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

    /// <summary>Null when the block is absent: only a configured dump takes over SIGUSR1.</summary>
    public static DumpOnSigusr1Config? ReadDump(ConfigNode global)
    {
        var node = Block(global, "dump_on_sigusr1");
        if (node is null) return null;
        var destination = node.Choice("destination", DumpOnSigusr1Config.Destinations) ?? "log";
        var path = NonEmpty(node, "path");
        if (destination == "file" && !node.Has("path")) node.Fail("path", "required when destination is file");
        return new DumpOnSigusr1Config { Destination = destination, Path = path };
    }

    public static HooksConfig ReadHooks(ConfigNode global)
    {
        var node = Block(global, "hooks");
        return node is null ? new() : new HooksConfig
        {
            Enabled = node.Boolean("enabled") ?? false,
            Path = NonEmpty(node, "path") ?? "./hooks",
            // No upper limits: upstream takes any unsigned number, and its configs must load unchanged.
            TimeoutSecs = node.Integer("timeout_secs", min: 1) ?? 5,
            MemoryLimitMb = node.Integer("memory_limit_mb", min: 1),
            AllowNetwork = node.Boolean("allow_network") ?? false,
            AllowFs = node.Boolean("allow_fs") ?? false,
            AuthCacheTtlSecs = node.Integer("auth_cache_ttl_secs", min: 0) ?? 1800,
        };
    }

    public static AuditConfig ReadAudit(ConfigNode global)
    {
        var node = Block(global, "audit");
        return node is null ? new() : new AuditConfig
        {
            Enabled = node.Boolean("enabled") ?? false,
            LogCredentialAccess = node.Boolean("log_credential_access") ?? true,
            LogConfigChanges = node.Boolean("log_config_changes") ?? true,
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
