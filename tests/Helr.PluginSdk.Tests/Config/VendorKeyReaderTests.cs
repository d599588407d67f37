namespace Helr.PluginSdk.Tests.Config;

/// <summary>ConfigNode.HttpUrl and ConfigNode.Time: what vendor plugins read their base URL and <c>from</c> with.</summary>
public sealed class VendorKeyReaderTests
{
    private static readonly Uri Fallback = new("https://api.example.com");

    [Fact]
    public void HttpUrl_is_the_fallback_when_absent_and_the_value_when_http_or_https()
    {
        Assert.Same(Fallback, Testing.ConfigTree.Source("{}").HttpUrl("url", Fallback, "x"));
        var node = Testing.ConfigTree.Source("""{"url": "http://127.0.0.1:9/base/"}""");
        Assert.Equal("http://127.0.0.1:9/base/", node.HttpUrl("url", Fallback, "x")!.AbsoluteUri);
        Assert.Empty(node.Errors.All);
    }

    [Theory]
    [InlineData("ftp://files.example", "'ftp://files.example'")]
    [InlineData("api.example.com", "'api.example.com'")]
    [InlineData("https://user:secret@", "'https://…@'")]
    [InlineData("mailto:someone@example.com?subject=secret", "'…@example.com?…'")]
    public void HttpUrl_rejects_other_values_naming_the_key_without_user_info_or_query(string url, string shown)
    {
        var node = Testing.ConfigTree.Source($$"""{"url": "{{url}}"}""");
        Assert.Null(node.HttpUrl("url", Fallback, "the API base URL, e.g. https://api.example.com"));
        Assert.Equal(new[] { $"sources.s.url: {shown} is not an http(s) URL (expected the API base URL, e.g. https://api.example.com)" },
            node.Errors.All.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("2024-06-11T17:00:00.123456789+02:00", "2024-06-11T15:00:00.1234567Z")]
    [InlineData("2024-06-11", "2024-06-11T00:00:00Z")]
    public void Time_reads_RFC_3339_with_any_fraction_and_assumes_UTC(string text, string expected)
    {
        var node = Testing.ConfigTree.Source($$"""{"from": "{{text}}"}""");
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), node.Time("from"));
        Assert.Empty(node.Errors.All);
    }

    [Fact]
    public void Time_is_null_when_absent_and_an_error_naming_the_key_when_unreadable()
    {
        Assert.Null(Testing.ConfigTree.Source("{}").Time("from"));
        var node = Testing.ConfigTree.Source("""{"from": "soon"}""");
        Assert.Null(node.Time("from"));
        Assert.Equal(new[] { "sources.s.from: 'soon' is not an RFC 3339 time (e.g. 2024-01-01T00:00:00Z)" }, node.Errors.All.Select(e => e.ToString()));
    }
}
