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

    // The load context PluginLoader would build for a shared SDK: the SDK (and, lazily, what it
    // references) comes from helr; every other library the plugin ships comes from its own folder,
    // even one helr also has, so a plugin may use another version of it. Built directly because
    // PluginLoader parses every *.runtimeconfig.json beside helr with reflection-based JSON (about
    // 50 ms of every start) to find additionalProbingPaths, which only development builds of a plugin
    // have. Lazy, because the eager form loads the SDK's whole reference closure, about 30 framework
    // assemblies, QUIC and Brotli included, before the first plugin type is touched.
    private static Assembly LoadIsolated(string path)
    {
        var context = new McMaster.NETCore.Plugins.Loader.AssemblyLoadContextBuilder()
            .SetMainAssemblyPath(path)
            .PreferDefaultLoadContext(false)
            .IsLazyLoaded(true)
            .PreferDefaultLoadContextAssembly(typeof(IHelrPlugin).Assembly.GetName())
            .Build();
        return context.LoadFromAssemblyPath(path);
    }
}
