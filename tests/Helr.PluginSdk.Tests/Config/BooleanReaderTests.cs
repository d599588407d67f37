using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Config;

public class BooleanReaderTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("True", true)]
    [InlineData("FALSE", false)]
    public void Reads_plain_true_and_false(string text, bool expected)
    {
        var node = ConfigTree.Plain("b", text);
        Assert.Equal(expected, node.Boolean("b"));
        Assert.Empty(node.Errors.All);
    }

    [Theory]
    [InlineData("""{"b": "true"}""", "sources.s.b: expected true or false, found 'true'")]
    [InlineData("""{"b": 1}""", "sources.s.b: expected true or false, found '1'")]
    [InlineData("""{"b": {"x": 1}}""", "sources.s.b: expected true or false, found a map")]
    public void Rejects_anything_else(string json, string expected)
    {
        var node = ConfigTree.Source(json);
        Assert.Null(node.Boolean("b"));
        Assert.Equal(new[] { expected }, node.Messages());
    }

    [Fact]
    public void Rejects_yaml_1_1_yes()
    {
        var node = ConfigTree.Plain("b", "yes");
        Assert.Null(node.Boolean("b"));
        Assert.Equal(new[] { "sources.s.b: expected true or false, found 'yes'" }, node.Messages());
    }

    [Fact]
    public void Required()
    {
        var node = ConfigTree.Source("{}");
        Assert.Null(node.Boolean("b", required: true));
        Assert.Equal(new[] { "sources.s.b: required" }, node.Messages());
    }
}
