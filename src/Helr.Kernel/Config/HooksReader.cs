using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Config;

/// <summary>
/// Reads <c>global.hooks</c>. The kernel runs no scripts: the settings go to every source type
/// through <see cref="SourceBuildContext.Hooks"/>, and the plugin that runs scripts applies them.
/// </summary>
internal static class HooksReader
{
    public static HookSettings Read(ConfigNode global)
    {
        var node = global.Mapping("hooks");
        if (node is null) return HookSettings.Disabled;
        var path = node.String("path");
        if (path is { Length: 0 }) node.Fail("path", "must not be empty");
        // No upper limits: upstream takes any unsigned number, and its configs must load unchanged.
        var settings = new HookSettings
        {
            Enabled = node.Boolean("enabled") ?? false,
            Path = string.IsNullOrEmpty(path) ? HookSettings.Disabled.Path : path,
            TimeoutSecs = node.AtLeastOne("timeout_secs",
                "0 is not 'no timeout': upstream gives each hook call no time, so every call fails; leave it out for 5") ?? HookSettings.Disabled.TimeoutSecs,
            MemoryLimitMb = node.AtLeastOne("memory_limit_mb",
                "it would leave scripts no memory (upstream reads this key but enforces no limit); leave it out for 256"),
            AllowNetwork = node.Boolean("allow_network") ?? false,
            AuthCacheTtlSecs = node.Integer("auth_cache_ttl_secs", min: 0) ?? HookSettings.Disabled.AuthCacheTtlSecs,
        };
        if (node.Boolean("allow_fs") == true)
            node.Errors.Warn(node.ChildPath("allow_fs"), "ignored: hook scripts never get file-system access in Helr");
        return settings;
    }
}
