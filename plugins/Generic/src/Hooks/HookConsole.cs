using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>Forwards <c>console.*</c> of a script to the plugin log, credentials cut out; the kernel adds the source id.</summary>
internal static class HookConsole
{
    public static void Write(HookCall call, string file, string hook, string level, string text)
    {
        var logLevel = level switch
        {
            // The plugin log has no error level; console.error keeps its name in the entry.
            "warn" or "error" => PluginLogLevel.Warning,
            "debug" => PluginLogLevel.Debug,
            _ => PluginLogLevel.Information,
        };
        call.Log.Write(logLevel, "hook console.{ConsoleLevel} ({Script} {Hook}): {HookConsole}", level, file, hook, call.Secrets.Redact(text));
    }
}
