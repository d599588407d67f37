using Helr.PluginSdk;

namespace Helr.Kernel.Plugins;

/// <summary>
/// What the kernel reads from a plugin's entry point besides constructing it, read at load: a list of
/// source types that throws (a type initializer failing), or holds a type without a name, was first
/// read when the registry looked a type up, and ended <c>plugins list</c> and <c>validate</c> (and a
/// run's "unknown source type" message) with an unhandled exception instead of failing that folder.
/// </summary>
internal static class PluginShape
{
    /// <summary>Why <paramref name="plugin"/> cannot be used, or null; throws what the plugin's getters throw.</summary>
    public static string? Problem(IHelrPlugin plugin)
    {
        if (string.IsNullOrEmpty(plugin.Info.Name)) return "the plugin has no name (PluginInfo.Name is empty)";
        // Null is taken as no source types, as LoadedPlugin does.
        var types = plugin.SourceTypes;
        for (var i = 0; i < (types?.Count ?? 0); i++)
        {
            if (string.IsNullOrEmpty(types![i]?.Name)) return $"source type {i + 1} of {types.Count} has no name (ISourceType.Name is empty)";
        }
        return null;
    }
}
