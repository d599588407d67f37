using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Config;

public class StringReaderTests
{
    [Fact]
    public void Reads_a_quoted_or_plain_scalar()
    {
        var node = ConfigTree.Source("""{"url": "https://x", "limit": 5}""");
        Assert.Equal("https://x", node.String("url"));
        Assert.Equal("5", node.String("limit"));
        Assert.Empty(node.Errors.All);
    }

    [Fact]
    public void Absent_optional_key_is_null_without_error()
    {
        var node = ConfigTree.Source("{}");
        Assert.Null(node.String("url"));
        Assert.Empty(node.Errors.All);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"url": null}""")]
    public void Absent_or_null_required_key_is_reported_at_its_path(string json)
    {
        var node = ConfigTree.Source(json);
        Assert.Null(node.String("url", required: true));
        Assert.Equal(new[] { "sources.s.url: required" }, node.Messages());
    }

    [Fact]
    public void Empty_required_string_is_an_error()
    {
        var node = ConfigTree.Source("""{"url": ""}""");
        node.String("url", required: true);
        Assert.Equal(new[] { "sources.s.url: must not be empty" }, node.Messages());
    }

    [Theory]
    [InlineData("""{"url": {"a": 1}}""", "sources.s.url: expected a string, found a map")]
    [InlineData("""{"url": [1]}""", "sources.s.url: expected a string, found a list")]
    public void Wrong_shape_is_an_error(string json, string expected)
    {
        var node = ConfigTree.Source(json);
        Assert.Null(node.String("url"));
        Assert.Equal(new[] { expected }, node.Messages());
    }

    [Fact]
    public void Reading_from_a_non_mapping_returns_null()
    {
        var node = ConfigTree.FromJson("[1]", "sources.s.list");
        Assert.Null(node.String("x"));
        Assert.False(node.Has("x"));
    }
}
