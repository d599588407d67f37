using Helr.PluginSdk.Config;

namespace Helr.Kernel.Config;

/// <summary>Reads the <c>global:</c> blocks of what operators watch: <c>metrics</c>, <c>dump_on_sigusr1</c>, <c>audit</c>.</summary>
internal static class OperationsReader
{
    public static MetricsConfig ReadMetrics(ConfigNode? node)
    {
        if (node is null) return new MetricsConfig();
        var path = NonEmpty(node, "path") ?? "/metrics";
        if (!path.StartsWith('/')) node.Fail("path", $"must start with / (e.g. /metrics), got '{path}'");
        // It is routed as a pattern: a '?' ended run in an unhandled exception, a {name} matched any segment.
        else if (path.Any(c => c is '?' or '#' or '{' or '}' || char.IsWhiteSpace(c)))
            node.Fail("path", $"must be a path alone (no query, fragment, '{{', '}}' or white space), got '{path}'");
        // The route parser refuses two slashes in a row with the same unhandled exception.
        else if (path.Contains("//", StringComparison.Ordinal)) node.Fail("path", $"must not hold an empty segment (//), got '{path}'");
        var (enabled, address) = (node.Boolean("enabled") ?? false, NonEmpty(node, "address") ?? "0.0.0.0");
        ListenAddress.Check(node, address, enabled);
        return new MetricsConfig
        {
            Enabled = enabled,
            Address = address,
            Port = (int)(node.Integer("port", min: 0, max: 65_535) ?? MetricsConfig.DefaultPort),
            Path = path,
        };
    }

    /// <summary>Null when the block is absent: only a configured dump takes over SIGUSR1.</summary>
    public static DumpOnSigusr1Config? ReadDump(ConfigNode? node)
    {
        if (node is null) return null;
        var destination = node.Choice("destination", DumpOnSigusr1Config.Destinations) ?? "log";
        var path = NonEmpty(node, "path");
        if (destination == "file" && !node.Has("path")) node.Fail("path", "required when destination is file");
        return new DumpOnSigusr1Config { Destination = destination, Path = path };
    }

    public static AuditConfig ReadAudit(ConfigNode? node) => node is null ? new() : new AuditConfig
    {
        Enabled = node.Boolean("enabled") ?? false,
        LogCredentialAccess = node.Boolean("log_credential_access") ?? true,
        LogConfigChanges = node.Boolean("log_config_changes") ?? true,
    };

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
