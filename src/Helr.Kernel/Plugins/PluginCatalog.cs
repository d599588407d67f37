using System.Reflection;
using Helr.PluginSdk;

namespace Helr.Kernel.Plugins;

/// <summary>
/// Discovers and loads every plugin folder under the plugins directory. Each plugin gets its own
/// load context that shares only the SDK with the host; a folder that fails is reported with its
/// error and does not stop the others.
/// </summary>
internal sealed class PluginCatalog
{
    private PluginCatalog(string directory, IReadOnlyList<LoadedPlugin> plugins)
    {
        Directory = directory;
        Plugins = plugins;
    }

    public string Directory { get; }
    public IReadOnlyList<LoadedPlugin> Plugins { get; }

    /// <summary>--plugins-dir, else HELR_PLUGINS_DIR, else plugins/ beside the executable.</summary>
    public static string ResolveDirectory(string? flag)
    {
        var chosen = !string.IsNullOrEmpty(flag) ? flag : Environment.GetEnvironmentVariable("HELR_PLUGINS_DIR");
        return Path.GetFullPath(string.IsNullOrEmpty(chosen) ? Path.Combine(AppContext.BaseDirectory, "plugins") : chosen);
    }

    /// <summary>A catalog of already-loaded plugins (tests, embedding).</summary>
    public static PluginCatalog FromPlugins(string directory, IReadOnlyList<LoadedPlugin> plugins) => new(directory, plugins);

    public static PluginCatalog Load(string directory)
    {
        var plugins = new List<LoadedPlugin>();
        if (System.IO.Directory.Exists(directory))
        {
            foreach (var folder in System.IO.Directory.GetDirectories(directory).Order(StringComparer.Ordinal))
                plugins.Add(LoadFolder(folder));
        }
        return new PluginCatalog(directory, plugins);
    }

    private static LoadedPlugin LoadFolder(string folder)
    {
        var path = PluginAssemblyLocator.Locate(folder, out var problem);
        if (path is null) return new LoadedPlugin(folder, null) { Error = problem };
        var sdk = SdkVersionGate.ReferencedSdk(path, out problem);
        if (sdk is null) return new LoadedPlugin(folder, path) { Error = problem };
        var gate = SdkVersionGate.Check(sdk);
        if (gate is not null) return new LoadedPlugin(folder, path) { SdkVersion = sdk, Error = gate };
        try
        {
            var assembly = LoadIsolated(path);
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
            _ = plugin.Info.Name;
            return new LoadedPlugin(folder, path) { SdkVersion = sdk, Plugin = plugin };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var inner = ex is TargetInvocationException { InnerException: { } i } ? i : ex;
            return new LoadedPlugin(folder, path) { SdkVersion = sdk, Error = $"failed to load: {inner.GetType().Name}: {inner.Message}" };
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
