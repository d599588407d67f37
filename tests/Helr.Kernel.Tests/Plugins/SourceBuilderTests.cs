using Helr.Kernel.Config;
using Helr.Kernel.Plugins;
using Helr.Kernel.Tests.Config;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Config;
using Xunit;

namespace Helr.Kernel.Tests.Plugins;

/// <summary>Building is a step of its own: the config data alone is enough to build its sources again.</summary>
public sealed class SourceBuilderTests : IDisposable
{
    private readonly ConfigFile _file = new();

    public SourceBuilderTests()
    {
        _file.Env.Variables["A_KEY"] = "key-a";
        _file.Env.Variables["B_TEAM"] = "red";
    }

    [Fact]
    public void The_data_builds_the_same_sources_the_load_built()
    {
        var loaded = _file.Load(ConfigEqualityTests.Yaml);
        var (built, problems) = SourceBuilder.Build(loaded.Config, _file.Registry, _file.Env);
        Assert.Empty(problems.All);
        Assert.Equal(loaded.Sources.Select(s => s.Id), built.Select(s => s.Id));
        for (var i = 0; i < built.Count; i++)
        {
            Assert.NotSame(loaded.Sources[i].Source, built[i].Source);
            Assert.Equal(loaded.Sources[i].Settings, built[i].Settings);
            Assert.Equal(loaded.Sources[i].PluginName, built[i].PluginName);
            Assert.Same(loaded.Config.Sources[i], built[i].Config);
        }
    }

    [Fact]
    public void A_block_its_plugin_rejects_is_reported_at_its_key_path()
    {
        var loaded = _file.Load(ConfigEqualityTests.Yaml);
        var block = YamlConfigReader.ReadValue("url: ftp://b.example.com/logs\n", _file.Env, new ConfigErrors())!;
        var broken = loaded.Config with { Sources = loaded.Config.Sources.Select(s => s.Id == "b" ? s with { Block = block } : s).ToList() };
        var (built, problems) = SourceBuilder.Build(broken, _file.Registry, _file.Env);
        Assert.Equal(["a", "c"], built.Select(s => s.Id));
        Assert.StartsWith("sources.b.url:", Assert.Single(problems.Errors).ToString());
    }

    public void Dispose() => _file.Dispose();
}
