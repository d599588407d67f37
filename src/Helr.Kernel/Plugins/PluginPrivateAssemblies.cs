namespace Helr.Kernel.Plugins;

/// <summary>
/// The assemblies a plugin keeps to itself: every one it ships in its folder except the SDK and the
/// .NET runtime's own (Microsoft.NETCore.App). A private copy of those would be a second, different
/// type identity for what helr and the runtime pass around.
/// </summary>
internal static class PluginPrivateAssemblies
{
    private static readonly Lazy<HashSet<string>> Runtime = new(HostRuntimeAssemblies.Load);

    public static IEnumerable<string> In(string folder, string sdkName) =>
        Directory.EnumerateFiles(folder, "*.dll", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(name => !string.Equals(name, sdkName, StringComparison.OrdinalIgnoreCase) && !Runtime.Value.Contains(name))
            .Distinct(StringComparer.OrdinalIgnoreCase);
}
