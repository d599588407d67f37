using Helr.Kernel.Config;
using Xunit;
using Helr.Kernel.Tests.Support;

namespace Helr.Kernel.Tests.Config;

public sealed class EnvExpanderTests
{
    private readonly TestEnvironment _env = new();

    private string Expand(string value, List<string>? unset = null) =>
        EnvExpander.Expand(value, _env, name => (unset ?? new List<string>()).Add(name));

    [Fact]
    public void Replaces_set_variables_and_keeps_surrounding_text()
    {
        _env.Variables["DOMAIN"] = "acme.okta.com";
        Assert.Equal("https://acme.okta.com/api", Expand("https://${DOMAIN}/api"));
    }

    [Fact]
    public void Set_but_empty_counts_as_set()
    {
        _env.Variables["EMPTY"] = "";
        Assert.Equal("a--b", Expand("a-${EMPTY:-x}-b"));
    }

    [Fact]
    public void Default_applies_only_when_unset()
    {
        var unset = new List<string>();
        Assert.Equal("my-org", Expand("${ORG:-my-org}", unset));
        Assert.Empty(unset);
    }

    [Fact]
    public void Unset_without_default_is_reported_by_name()
    {
        var unset = new List<string>();
        Expand("x${MISSING}y", unset);
        Assert.Equal(new[] { "MISSING" }, unset);
    }

    [Theory]
    [InlineData("price $5", "price $5")]
    [InlineData("^ab$", "^ab$")]
    [InlineData("$${LITERAL}", "${LITERAL}")]
    [InlineData("${unclosed", "${unclosed")]
    public void Dollar_outside_placeholders_is_literal(string input, string expected) =>
        Assert.Equal(expected, Expand(input));

    // Upstream's escape (shellexpand): `$$` is one `$` wherever it is, so a config written for upstream
    // with `pa$$word` (escaped there, since `$word` would be a variable) sends the same password here.
    [Theory]
    [InlineData("pa$$word", "pa$word")]
    [InlineData("$$", "$")]
    [InlineData("$$$", "$$")]
    [InlineData("a$$$$b", "a$$b")]
    [InlineData("$$NAME", "$NAME")]
    [InlineData("$$${DOMAIN}", "$acme")]
    public void Double_dollar_is_one_literal_dollar(string input, string expected)
    {
        _env.Variables["DOMAIN"] = "acme";
        Assert.Equal(expected, Expand(input));
    }

    [Theory]
    [InlineData("$GITHUB_ORG", "GITHUB_ORG")]
    [InlineData("orgs/$ORG/audit and $ORG", "ORG,ORG")]
    [InlineData("${ORG} $${ORG} $$ORG ${ORG:-$X}", "")]
    [InlineData("^abc$ costs $ 5 and $5", "5")]
    public void Finds_bare_names_that_upstream_would_expand(string value, string names)
    {
        Assert.Equal(names, string.Join(",", EnvExpander.BareNames(value)));
    }
}
