using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Sources;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.Kernel.Tests.Plugins;

/// <summary>
/// A plugin's tests run its sample.yaml through <see cref="SourceHarness"/> (the template's do). The sample's
/// <c>type:</c> was dropped on the way, so a sample naming another type (a typo, a renamed type) passed its
/// tests and failed with "unknown source type" when a user ran it. The sample here is the generic plugin's
/// (<c>type: generic</c>), copied beside these tests.
/// </summary>
public sealed class HarnessSampleTypeTests
{
    private sealed class Declarative(string name) : ISourceType
    {
        public string Name => name;

        public string Description => "";

        public ISource? Create(ConfigNode config, SourceBuildContext context)
        {
            var options = DeclarativeReader.Read(config);
            var auth = AuthReader.Read(config.Mapping("auth"), context.Environment);
            return config.Errors.HasErrors ? null : new DeclarativeSource(options, auth);
        }
    }

    private sealed class TokenEnvironment : IHelrEnvironment
    {
        public string? GetVariable(string name) => name == "EXAMPLE_API_TOKEN" ? "t0ken-for-tests" : null;

        public string ReadFile(string path) => throw new FileNotFoundException("no files in tests", path);

        public bool CanRead(string path) => false;
    }

    [Fact]
    public void A_sample_naming_another_type_than_the_one_under_test_does_not_load()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            SourceHarness.Create(new Declarative("acme"), PluginTestFiles.SampleSourceKeys(), environment: new TokenEnvironment()));

        Assert.Contains("generic", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("generic")]
    [InlineData("Generic")]
    public void A_sample_naming_the_type_under_test_loads_as_helr_matches_it(string name)
    {
        using var harness = SourceHarness.Create(new Declarative(name), PluginTestFiles.SampleSourceKeys(), environment: new TokenEnvironment());

        Assert.Equal("s", harness.SourceId);
    }

    [Fact]
    public void Keys_without_a_type_are_the_type_under_test_as_before()
    {
        using var harness = SourceHarness.Create(new Declarative("acme"), "url: https://api.example.com/v1/audit", environment: new TokenEnvironment());

        Assert.Equal("s", harness.SourceId);
    }
}
