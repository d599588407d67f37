using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Config;

public class ChoiceReaderTests
{
    private static readonly string[] Methods = { "get", "post" };

    [Theory]
    [InlineData("get", "get")]
    [InlineData("POST", "post")]
    public void Returns_the_option_as_written_in_the_allowed_list(string value, string expected)
    {
        var node = ConfigTree.Source($$"""{"method": "{{value}}"}""");
        Assert.Equal(expected, node.Choice("method", Methods));
        Assert.Empty(node.Errors.All);
    }

    [Fact]
    public void Unknown_value_lists_the_options_and_suggests_the_closest()
    {
        var node = ConfigTree.Source("""{"method": "gett"}""");
        Assert.Null(node.Choice("method", Methods));
        Assert.Equal(new[] { "sources.s.method: 'gett' is not one of: get, post; did you mean 'get'?" }, node.Messages());
    }

    [Fact]
    public void Unknown_value_far_from_every_option_has_no_hint()
    {
        var node = ConfigTree.Source("""{"method": "delete"}""");
        Assert.Null(node.Choice("method", Methods));
        Assert.Equal(new[] { "sources.s.method: 'delete' is not one of: get, post" }, node.Messages());
    }

    [Fact]
    public void Required()
    {
        var node = ConfigTree.Source("{}");
        Assert.Null(node.Choice("method", Methods, required: true));
        Assert.Equal(new[] { "sources.s.method: required" }, node.Messages());
    }

    [Fact]
    public void Wrong_shape_reports_once()
    {
        var node = ConfigTree.Source("""{"method": ["get"]}""");
        Assert.Null(node.Choice("method", Methods));
        Assert.Equal(new[] { "sources.s.method: expected a string, found a list" }, node.Messages());
    }
}
