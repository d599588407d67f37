using Helr.Kernel.Plugins;
using Helr.Plugins.Generic;
using Helr.PluginSdk.Config;

namespace Helr.Kernel.Tests.Support;

/// <summary>A helr.yaml in a temporary folder, loaded as helr loads it, with the generic plugin and an in-memory environment.</summary>
internal sealed class ConfigFile : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("helr-config-").FullName;

    public SourceTypeRegistry Registry { get; } = new(PluginCatalog.FromPlugins("test",
        new[] { new LoadedPlugin("generic", null) { Plugin = new GenericPlugin() } }));

    public TestEnvironment Env { get; } = new();

    public string Path => System.IO.Path.Combine(_dir, "helr.yaml");

    /// <summary>Writes <paramref name="yaml"/> and loads it; fails the test when it does not load.</summary>
    public LoadedConfig Load(string yaml)
    {
        var (loaded, problems) = TryLoad(yaml);
        return loaded ?? throw new InvalidOperationException("config does not load: " + string.Join("; ", problems.Errors));
    }

    public (LoadedConfig? Loaded, ConfigErrors Problems) TryLoad(string yaml)
    {
        File.WriteAllText(Path, yaml);
        return ConfigLoader.Load(Path, Registry, Env);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
