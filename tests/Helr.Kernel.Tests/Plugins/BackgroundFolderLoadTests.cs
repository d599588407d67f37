using System.Runtime.Loader;
using Helr.Kernel.Plugins;
using Xunit;

namespace Helr.Kernel.Tests.Plugins;

/// <summary>
/// validate loads every plugin folder on a thread-pool thread while its config is read and its sources'
/// folders are looked up on the main thread (<see cref="PluginCatalog.OpenLoadingAll"/>). Both threads may
/// reach one folder: it must still be loaded once (a second load context per folder would be a second copy
/// of the plugin), and the list the config's checks read must hold every folder.
/// </summary>
public sealed class BackgroundFolderLoadTests : IDisposable
{
    private readonly string _plugins = Directory.CreateTempSubdirectory("helr-background-load-").FullName;

    [Fact]
    public void Every_folder_is_listed_once_the_background_load_is_awaited()
    {
        var names = new[] { "a", "b", "c", "d", "e", "f" };
        foreach (var name in names) NotAPlugin(name);

        var catalog = PluginCatalog.OpenLoadingAll(_plugins);

        Assert.Equal(names, catalog.Plugins.Select(p => Path.GetFileName(p.Folder)));
        Assert.All(catalog.Plugins, p => Assert.Contains("does not reference Helr.PluginSdk", p.Error));
    }

    [Fact]
    public void A_folder_both_threads_reach_is_loaded_once()
    {
        var names = new[] { "a", "b", "c", "d", "e", "f", "g", "h" };
        var assemblies = names.Select(NotAPlugin).ToList();

        var catalog = PluginCatalog.OpenLoadingAll(_plugins);
        // The background thread goes from the last folder down; these go from the first up, so they meet.
        var seen = names.Select(n => catalog.LoadFolderOf(n)).ToList();

        var listed = catalog.Plugins;
        for (var i = 0; i < names.Length; i++)
        {
            Assert.Same(listed[i], seen[i]);
            Assert.Equal(1, ContextsHolding(assemblies[i]));
        }
    }

    // A real .NET assembly that is no Helr plugin: loaded into its own context, then refused at the SDK check.
    private string NotAPlugin(string folder)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_plugins, folder)).FullName;
        var path = Path.Combine(dir, folder + ".dll");
        File.Copy(typeof(FactAttribute).Assembly.Location, path);
        return path;
    }

    private static int ContextsHolding(string assembly) =>
        AssemblyLoadContext.All.Count(c => c.Assemblies.Any(a => string.Equals(a.Location, assembly, StringComparison.Ordinal)));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_plugins, recursive: true);
        }
        catch (IOException)
        {
            // A loaded assembly's file may stay open; the temp folder is harmless.
        }
    }
}
