using System.Runtime.InteropServices;
using System.Text.Json;

namespace Helr.Kernel.Plugins;

/// <summary>
/// The names of the assemblies of the .NET runtime helr runs on (Microsoft.NETCore.App). For a
/// framework-dependent helr they are the files of the shared framework's folder. A self-contained
/// helr's runtime folder is helr's own folder, which also holds helr's libraries (YamlDotNet, Polly,
/// Npgsql, …): taking its file list would make a plugin's own copy of such a library resolve to
/// helr's version, so there the names come from the runtime pack's entry in helr's deps.json.
/// </summary>
internal static class HostRuntimeAssemblies
{
    private const string RuntimePackPrefix = "runtimepack.Microsoft.NETCore.App.Runtime.";

    public static HashSet<string> Load()
    {
        var runtimeFolder = RuntimeEnvironment.GetRuntimeDirectory();
        if (!SameFolder(runtimeFolder, AppContext.BaseDirectory)) return FilesIn(runtimeFolder);
        var deps = (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string)?
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return deps is not null && File.Exists(deps) && FromDeps(File.ReadAllBytes(deps)) is { } names
            ? names
            : FilesIn(runtimeFolder);
    }

    /// <summary>The runtime pack's assembly names in a self-contained deps.json; null when it has none.</summary>
    public static HashSet<string>? FromDeps(byte[] depsJson)
    {
        using var document = JsonDocument.Parse(depsJson);
        if (!document.RootElement.TryGetProperty("targets", out var targets)) return null;
        foreach (var target in targets.EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                if (!library.Name.StartsWith(RuntimePackPrefix, StringComparison.Ordinal)) continue;
                if (!library.Value.TryGetProperty("runtime", out var runtime)) continue;
                return runtime.EnumerateObject()
                    .Select(asset => Path.GetFileNameWithoutExtension(asset.Name))
                    .ToHashSet(StringComparer.OrdinalIgnoreCase);
            }
        }
        return null;
    }

    private static HashSet<string> FilesIn(string folder) =>
        Directory.EnumerateFiles(folder, "*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static bool SameFolder(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)),
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);
}
