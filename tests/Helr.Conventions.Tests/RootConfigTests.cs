using Xunit;

namespace Helr.Conventions.Tests;

public sealed class RootConfigTests
{
    [Fact]
    public void Root_helr_yaml_validates_with_its_variables_set()
    {
        var (code, stderr) = PluginFolderTests.Validate(Path.Combine(PluginFolderTests.FindRoot(), "helr.yaml"));
        Assert.True(code == 0, stderr);
    }

    [Fact]
    public void Readme_names_the_build_and_test_commands()
    {
        var readme = File.ReadAllText(Path.Combine(PluginFolderTests.FindRoot(), "README.md"));
        Assert.Contains("dotnet build Helr.sln -c Release && dist/helr demo", readme);
        Assert.Contains("bash .ci/run", readme);
    }
}
