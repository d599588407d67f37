using Helr.PluginSdk.Paging;

namespace Helr.PluginSdk.Tests.Paging;

public class QueryStringTests
{
    private static KeyValuePair<string, string> P(string k, string v) => new(k, v);

    [Fact]
    public void Appends_in_order() =>
        Assert.Equal("https://a.example.com/x?a=1&b=2",
            QueryString.Append(new Uri("https://a.example.com/x"), new[] { P("a", "1"), P("b", "2") }).AbsoluteUri);

    [Fact]
    public void Keeps_the_existing_query_port_and_path() =>
        Assert.Equal("http://127.0.0.1:8080/v1/logs?z=0&a=1",
            QueryString.Append(new Uri("http://127.0.0.1:8080/v1/logs?z=0"), "a", "1").AbsoluteUri);

    [Fact]
    public void Does_not_add_the_default_port() =>
        Assert.Equal("https://a.example.com/?a=1", QueryString.Append(new Uri("https://a.example.com"), "a", "1").AbsoluteUri);

    [Fact]
    public void Percent_encodes_keys_and_values() =>
        Assert.Equal("https://a.example.com/?filter%5Bx%5D=a%20b%26c%3Dd%2F%C3%A9%3A%2B",
            QueryString.Append(new Uri("https://a.example.com/"), "filter[x]", "a b&c=d/é:+").AbsoluteUri);

    [Fact]
    public void Encoded_values_round_trip()
    {
        var url = QueryString.Append(new Uri("https://a.example.com/"), "since", "2024-01-01T00:00:00+00:00");
        var query = url.Query.TrimStart('?').Split('=');
        Assert.Equal("2024-01-01T00:00:00+00:00", Uri.UnescapeDataString(query[1]));
    }

    [Fact]
    public void No_parameters_leaves_the_url_alone()
    {
        var url = new Uri("https://a.example.com/x?q=1");
        Assert.Same(url, QueryString.Append(url, Array.Empty<KeyValuePair<string, string>>()));
    }
}
