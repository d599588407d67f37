namespace Helr.PluginSdk.Sources;

/// <summary>Shorthands for <see cref="IPluginLogger.Write"/> at each level.</summary>
public static class PluginLoggerExtensions
{
    /// <summary>Something worth knowing in normal operation.</summary>
    public static void Info(this IPluginLogger log, string messageTemplate, params object?[] values) =>
        log.Write(PluginLogLevel.Information, messageTemplate, values);

    /// <summary>Something unexpected that Helr works around.</summary>
    public static void Warn(this IPluginLogger log, string messageTemplate, params object?[] values) =>
        log.Write(PluginLogLevel.Warning, messageTemplate, values);

    /// <summary>Detail for troubleshooting.</summary>
    public static void Debug(this IPluginLogger log, string messageTemplate, params object?[] values) =>
        log.Write(PluginLogLevel.Debug, messageTemplate, values);
}
