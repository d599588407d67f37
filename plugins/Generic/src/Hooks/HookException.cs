namespace Helr.Plugins.Generic.Hooks;

/// <summary>
/// A hook call failed: the script threw, timed out, hit a sandbox limit or returned a wrong shape. An
/// <see cref="InvalidOperationException"/>, as a plugin fails a cycle on purpose: the poll error is
/// the script's message as it is, not reported as a fault in the plugin.
/// </summary>
internal sealed class HookException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
