using System.Reflection;
using Helr.PluginSdk;

namespace Helr.Kernel.Plugins;

/// <summary>Loads one plugin folder into a load context of its own and reports what came of it (<see cref="PluginCatalog"/> decides when).</summary>
internal static class PluginFolderLoader
{
    public static LoadedPlugin Load(string folder)
    {
        // Read before the attempt: a file written while it runs makes the next reload try again.
        var state = PluginFolderState.Of(folder);
        var plugin = Attempt(folder);
        return plugin.Plugin is null ? plugin with { FolderState = state } : plugin;
    }

    private static LoadedPlugin Attempt(string folder)
    {
        var path = PluginAssemblyLocator.Locate(folder, out var problem);
        if (path is null) return new LoadedPlugin(folder, null) { Error = problem };
        Assembly assembly;
        try
        {
            assembly = LoadIsolated(path);
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or IOException)
        {
            return new LoadedPlugin(folder, path) { Error = $"cannot read assembly: {ex.Message}" };
        }
        var sdk = SdkVersionGate.ReferencedSdk(assembly, out problem);
        if (sdk is null) return new LoadedPlugin(folder, path) { Error = problem };
        var gate = SdkVersionGate.Check(sdk);
        if (gate is not null) return new LoadedPlugin(folder, path) { SdkVersion = sdk, Error = gate };
        try
        {
            var entryTypes = assembly.GetExportedTypes()
                .Where(t => typeof(IHelrPlugin).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
                .ToList();
            if (entryTypes.Count != 1)
            {
                var error = entryTypes.Count == 0
                    ? "no public class implements IHelrPlugin (missing entry point)"
                    : $"several classes implement IHelrPlugin: {string.Join(", ", entryTypes.Select(t => t.FullName))}";
                return new LoadedPlugin(folder, path) { SdkVersion = sdk, Error = error };
            }
            var plugin = (IHelrPlugin)Activator.CreateInstance(entryTypes[0])!;
            if (PluginShape.Problem(plugin) is { } unusable) return new LoadedPlugin(folder, path) { SdkVersion = sdk, Error = unusable };
            return new LoadedPlugin(folder, path) { SdkVersion = sdk, Plugin = plugin, AssemblyWrittenAt = File.GetLastWriteTimeUtc(path) };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var inner = ex is TargetInvocationException { InnerException: { } i } ? i : ex;
            return new LoadedPlugin(folder, path) { SdkVersion = sdk, Error = PluginExceptionText.Describe(inner) };
        }
    }

    // Each plugin gets its own copy of every library it ships (PluginPrivateAssemblies), so it may use
    // another version of one helr also has; everything else, the SDK and the .NET runtime above all,
    // comes from helr. Fixed name sets, decided before the first load: McMaster's lazy mode grows its
    // list from whichever thread loads first, without a lock, and its eager mode loads the SDK's whole
    // reference closure (about 30 assemblies) up front. Built directly rather than through
    // PluginLoader, which parses every *.runtimeconfig.json beside helr with reflection-based JSON
    // (about 50 ms of every start) to find additionalProbingPaths that only development builds have.
    private static Assembly LoadIsolated(string path)
    {
        var builder = new McMaster.NETCore.Plugins.Loader.AssemblyLoadContextBuilder()
            .SetMainAssemblyPath(path)
            .PreferDefaultLoadContext(true);
        var sdk = typeof(IHelrPlugin).Assembly.GetName().Name!;
        foreach (var name in PluginPrivateAssemblies.In(Path.GetDirectoryName(path)!, sdk))
            builder.PreferLoadContextAssembly(new AssemblyName(name));
        var context = builder.Build();
        return context.LoadFromAssemblyPath(path);
    }
}
