using System.Runtime.Loader;
using Helr.Kernel.Plugins;
using Xunit;

namespace Helr.Kernel.Tests.Plugins;

/// <summary>
/// A reload tries a plugin folder that failed to load again, as a missing library may be there now. Each try
/// that gets as far as loading the folder's assembly leaves a load context behind for the rest of the process
/// (helr's are not collectible): a broken folder left in place, with a source of its type in the config, grew
/// helr's memory by another copy of the plugin on every SIGHUP.
/// </summary>
public sealed class FailedFolderRetryTests : IDisposable
{
    private readonly string _plugins = Directory.CreateTempSubdirectory("helr-failed-folder-").FullName;

    [Fact]
    public void An_unchanged_folder_that_failed_is_not_loaded_again_on_each_reload()
    {
        var assembly = NotAPlugin("broken");
        var catalog = PluginCatalog.Load(_plugins);
        Assert.Contains("does not reference Helr.PluginSdk", catalog.LoadAll().Single().Error);

        for (var reload = 0; reload < 3; reload++)
        {
            catalog.Rescan();
            Assert.Contains("does not reference Helr.PluginSdk", catalog.LoadAll().Single().Error);
        }

        Assert.Equal(1, ContextsHolding(assembly));
    }

    [Fact]
    public void A_folder_that_failed_is_loaded_again_once_its_files_changed()
    {
        var assembly = NotAPlugin("broken");
        var catalog = PluginCatalog.Load(_plugins);
        Assert.NotNull(catalog.LoadAll().Single().Error);

        // What copying the missing library in does.
        File.WriteAllText(Path.Combine(_plugins, "broken", "Missing.Library.dll"), "");
        catalog.Rescan();
        Assert.NotNull(catalog.LoadAll().Single().Error);

        Assert.Equal(2, ContextsHolding(assembly));
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
