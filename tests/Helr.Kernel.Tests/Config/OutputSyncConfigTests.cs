using Helr.Kernel.Config;
using Helr.Kernel.Plugins;
using Helr.Plugins.Generic;
using Xunit;
using Helr.Kernel.Tests.Support;

namespace Helr.Kernel.Tests.Config;

public sealed class OutputSyncConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("helr-config-").FullName;
    private readonly SourceTypeRegistry _registry = new(PluginCatalog.FromPlugins("test",
        new[] { new LoadedPlugin("generic", null) { Plugin = new GenericPlugin() } }));

    private (HelrConfig? Config, List<string> Errors) Load(string global)
    {
        var path = Path.Combine(_dir, "helr.yaml");
        File.WriteAllText(path, global + "\nsources:\n  s:\n    url: https://api.example.com/logs\n");
        var (loaded, problems) = ConfigLoader.Load(path, _registry, new TestEnvironment());
        return (loaded?.Config, problems.Errors.Select(e => e.ToString()).ToList());
    }

    [Fact]
    public void Sync_is_on_unless_turned_off()
    {
        Assert.True(Load("global: {}").Config!.Global.Output.Sync);
        var (config, errors) = Load("global:\n  output:\n    sync: false");
        Assert.Empty(errors);
        Assert.False(config!.Global.Output.Sync);
    }

    [Fact]
    public void A_bad_value_names_the_key_path()
    {
        var (_, errors) = Load("global:\n  output:\n    sync: sometimes");
        Assert.Contains(errors, e => e.Contains("global.output.sync", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
