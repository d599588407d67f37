using Jint;
using Jint.Runtime;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>Turns what Jint throws into one message naming the hook, the script file and, when known, the line.</summary>
internal static class HookErrors
{
    public static HookException Describe(Exception ex, string hook, string file, HookSettings settings, long memoryMb, bool timedOut)
    {
        var prefix = $"hook {hook} in {file}";
        var message = ex switch
        {
            _ when timedOut || ex is TimeoutException or ExecutionCanceledException =>
                $"{prefix} timed out after {settings.TimeoutSecs:0.###} s (global.hooks.timeout_secs)",
            MemoryLimitExceededException =>
                $"{prefix} stopped: it allocated more than {memoryMb} MB (global.hooks.memory_limit_mb)",
            RecursionDepthOverflowException =>
                $"{prefix} stopped: calls nested deeper than {HookSandbox.RecursionLimit} (recursion limit)",
            InsufficientExecutionStackException =>
                $"{prefix} stopped: a value or calls nested too deeply for the stack",
            StatementsCountOverflowException =>
                $"{prefix} stopped: it ran more than {HookSandbox.StatementLimit} statements",
            PromiseRejectedException rejected => $"{prefix} failed: {FirstLine(Rejection(rejected.RejectedValue))}",
            JavaScriptException js => $"{prefix} failed: {FirstLine(js.Message)}{Where(js)}",
            Jint.JintException jint => $"{prefix} failed: {FirstLine(jint.Message)}",
            _ => $"{prefix} failed: {ex.GetType().Name}: {FirstLine(ex.Message)}",
        };
        return new HookException(message, ex);
    }

    // An awaited promise that rejected with an Error: its message, as a thrown one would read.
    private static string Rejection(Jint.Native.JsValue value) =>
        value is Jint.Native.Object.ObjectInstance o && o.Get("message") is { } m && m.IsString() ? m.AsString() : value.ToString();

    private static string Where(JavaScriptException js)
    {
        var location = js.Location;
        if (location.Start.Line <= 0) return "";
        var source = string.IsNullOrEmpty(location.SourceFile) ? "" : location.SourceFile + ":";
        return $" (at {source}{location.Start.Line}:{location.Start.Column + 1})";
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(new[] { '\r', '\n' });
        return (end < 0 ? text : text[..end]).Trim();
    }
}
