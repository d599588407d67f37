namespace Helr.Plugins.Generic.Hooks;

/// <summary>A hook call failed: the script threw, timed out, hit a sandbox limit or returned a wrong shape.</summary>
internal sealed class HookException(string message, Exception? inner = null) : Exception(message, inner);
