using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>
/// Forwards <c>console.*</c> of one hook call to the plugin log, credentials cut out; the kernel adds
/// the source id. What <c>getAuth</c> and <c>buildRequest</c> log is held until they return: the
/// token they log (read from a login answer) is known as a credential only from their result.
/// </summary>
internal sealed class HookConsole(HookCall call, string file, string hook)
{
    // A script logging in a loop must not hold the call's whole memory budget until it returns.
    private const int MostHeld = 1000;

    private readonly List<(string Level, string Text)>? _held = hook is "getAuth" or "buildRequest" ? new() : null;
    private int _dropped;

    public void Log(string level, string text)
    {
        if (_held is null) Write(level, text);
        else if (_held.Count < MostHeld) _held.Add((level, text));
        else _dropped++;
    }

    /// <summary>Writes what was held, once the call's result (or failure) is known.</summary>
    public void Release()
    {
        if (_held is null) return;
        foreach (var (level, text) in _held) Write(level, text);
        if (_dropped > 0) Write("warn", $"{_dropped} more console lines of this call dropped (more than {MostHeld})");
        _held.Clear();
        _dropped = 0;
    }

    private void Write(string level, string text)
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
