using Helr.PluginSdk.Config;

namespace Helr.PluginSdk.Tests.Config;

public class ConfigErrorsTests
{
    [Fact]
    public void Keeps_errors_and_warnings_in_order_and_apart()
    {
        var errors = new ConfigErrors();
        errors.Warn("sources.a.hooks", "not supported yet");
        errors.Add("sources.a.url", "required");
        Assert.True(errors.HasErrors);
        Assert.Equal(new[] { "sources.a.hooks: not supported yet", "sources.a.url: required" }, errors.All.Select(e => e.ToString()));
        Assert.Equal("sources.a.url", Assert.Single(errors.Errors).Path);
        Assert.Equal("sources.a.hooks", Assert.Single(errors.Warnings).Path);
    }

    [Fact]
    public void Warnings_alone_are_not_errors()
    {
        var errors = new ConfigErrors();
        errors.Warn("x", "w");
        Assert.False(errors.HasErrors);
    }

    [Fact]
    public void Error_without_path_prints_only_its_message() =>
        Assert.Equal("no sources configured", new ConfigError { Path = "", Message = "no sources configured" }.ToString());

    [Fact]
    public void Root_children_have_no_leading_dot()
    {
        var errors = new ConfigErrors();
        var root = ConfigNode.NewMapping("", errors);
        root.Fail("sources", "required");
        Assert.Equal("sources", root.ChildPath("sources"));
        Assert.Equal("sources: required", Assert.Single(errors.All).ToString());
    }
}
