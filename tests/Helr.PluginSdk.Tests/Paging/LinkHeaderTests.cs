using Helr.PluginSdk.Paging;

namespace Helr.PluginSdk.Tests.Paging;

public class LinkHeaderTests
{
    private static readonly Uri Base = new("https://api.example.com/v1/logs?limit=10");

    private static string? Next(params string[] values) => LinkHeader.Find(values, "next", Base)?.AbsoluteUri;

    [Fact]
    public void Finds_next_among_several_links_in_one_value() =>
        Assert.Equal("https://api.example.com/v1/logs?after=2",
            Next("""<https://api.example.com/v1/logs?after=0>; rel="prev", <https://api.example.com/v1/logs?after=2>; rel="next", <https://api.example.com/v1/logs>; rel="first" """));

    [Fact]
    public void Finds_next_across_several_header_values() =>
        Assert.Equal("https://a.example.com/2", Next("""<https://a.example.com/0>; rel="self" """, """<https://a.example.com/2>; rel="next" """));

    [Fact]
    public void Commas_inside_the_url_or_a_quoted_parameter_do_not_split() =>
        Assert.Equal("https://a.example.com/x?ids=1,2,3",
            Next("""<https://a.example.com/p>; title="a, b"; rel="prev", <https://a.example.com/x?ids=1,2,3>; rel="next" """));

    [Theory]
    [InlineData("""<https://a.example.com/2>; rel="NEXT" """)]
    [InlineData("""<https://a.example.com/2>; REL=Next""")]
    [InlineData("""<https://a.example.com/2>; rel=next""")]
    [InlineData("""<https://a.example.com/2>;rel = "next" """)]
    [InlineData("""<https://a.example.com/2>; title="t"; rel="last next" """)]
    public void Rel_is_case_insensitive_quoted_or_not_and_may_list_several_values(string header) =>
        Assert.Equal("https://a.example.com/2", Next(header));

    [Fact]
    public void Other_rel_names_can_be_followed() =>
        Assert.Equal("https://a.example.com/old",
            LinkHeader.Find(new[] { """<https://a.example.com/new>; rel="next", <https://a.example.com/old>; rel="Older" """ }, "older", Base)?.AbsoluteUri);

    [Theory]
    [InlineData("""</v1/logs?after=abc>; rel="next" """, "https://api.example.com/v1/logs?after=abc")]
    [InlineData("""<?after=abc>; rel="next" """, "https://api.example.com/v1/logs?after=abc")]
    [InlineData("""<page2>; rel="next" """, "https://api.example.com/v1/page2")]
    [InlineData("""<//other.example.com/x>; rel="next" """, "https://other.example.com/x")]
    public void Relative_links_resolve_against_the_response_url(string header, string expected) =>
        Assert.Equal(expected, Next(header));

    [Fact]
    public void First_matching_link_wins() =>
        Assert.Equal("https://a.example.com/1", Next("""<https://a.example.com/1>; rel="next", <https://a.example.com/2>; rel="next" """));

    [Fact]
    public void Malformed_entries_are_skipped() =>
        Assert.Equal("https://a.example.com/2", Next("""garbage; rel="next", <https://a.example.com/2>; rel="next" """));

    [Theory]
    [InlineData()]
    [InlineData("""<https://a.example.com/1>; rel="prev" """)]
    [InlineData("""<https://a.example.com/1>""")]
    [InlineData("""<https://a.example.com/1>; rel="nextpage" """)]
    [InlineData("")]
    public void No_next_link_is_null(params string[] values) => Assert.Null(Next(values));
}
