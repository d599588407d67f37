using Helr.PluginSdk.Config;

namespace Helr.PluginSdk.Tests.Config;

public class KeySuggesterTests
{
    private static readonly string[] Known = { "url", "method", "pagination", "query_params", "max_pages" };

    [Theory]
    [InlineData("urll", "url")]
    [InlineData("URL", "url")]
    [InlineData("paginaton", "pagination")]
    [InlineData("query_param", "query_params")]
    [InlineData("methdo", "method")]
    [InlineData("max_page", "max_pages")]
    public void Suggests_the_closest_known_key(string typo, string expected) =>
        Assert.Equal(expected, KeySuggester.Suggest(typo, Known));

    [Theory]
    [InlineData("zzzzzz")]
    [InlineData("schedule")]
    [InlineData("foo")]
    public void Suggests_nothing_when_no_key_is_close(string typo) =>
        Assert.Null(KeySuggester.Suggest(typo, Known));

    // Too far apart for a typo, but the known key is the word cut short: github's org written out.
    [Theory]
    [InlineData("organization", "org")]
    [InlineData("Organisation", "org")]
    [InlineData("methods", "method")]
    public void Suggests_a_known_key_the_unknown_word_abbreviates_to(string written, string expected) =>
        Assert.Equal(expected, KeySuggester.Suggest(written, new[] { "org", "enterprise", "method", "url" }));

    // A known key followed by another word (url_params) is a different key, not its spelling.
    [Theory]
    [InlineData("url_template")]
    [InlineData("org-name")]
    public void Suggests_no_known_key_another_word_follows(string written) =>
        Assert.Null(KeySuggester.Suggest(written, new[] { "org", "url" }));

    [Fact]
    public void Suggests_nothing_from_an_empty_list() =>
        Assert.Null(KeySuggester.Suggest("url", Array.Empty<string>()));

    [Fact]
    public void Longer_keys_tolerate_more_edits()
    {
        Assert.Equal("response_events_path", KeySuggester.Suggest("respons_event_pth", new[] { "response_events_path" }));
        Assert.Null(KeySuggester.Suggest("abc", new[] { "xyz" }));
    }
}
