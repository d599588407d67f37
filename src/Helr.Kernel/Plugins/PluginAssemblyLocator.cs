namespace Helr.Kernel.Plugins;

/// <summary>
/// Finds the entry assembly of a plugin folder: the one with a <c>.deps.json</c> beside it (what
/// <c>dotnet build</c> writes for a project's own assembly), else <c>&lt;folder&gt;.dll</c>, else the one
/// <c>Helr.Plugins.*.dll</c>.
/// </summary>
internal static class PluginAssemblyLocator
{
    public static string? Locate(string folder, out string? problem)
    {
        problem = null;
        var deps = Directory.GetFiles(folder, "*.deps.json");
        if (deps.Length == 1)
        {
            var dll = Path.Combine(folder, Path.GetFileName(deps[0])[..^".deps.json".Length] + ".dll");
            if (File.Exists(dll)) return dll;
        }
        var named = Directory.GetFiles(folder, "*.dll")
            .FirstOrDefault(f => string.Equals(Path.GetFileNameWithoutExtension(f), Path.GetFileName(folder), StringComparison.OrdinalIgnoreCase));
        if (named is not null) return named;
        var helr = Directory.GetFiles(folder, "Helr.Plugins.*.dll");
        if (helr.Length == 1) return helr[0];
        problem = helr.Length > 1
            ? "several Helr.Plugins.*.dll files and no .deps.json to tell which is the plugin"
            : "no plugin assembly found (expected <Name>.dll with <Name>.deps.json)";
        return null;
    }
}
