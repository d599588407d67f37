using Helr.Kernel.Config;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Config;
using Xunit;

namespace Helr.Kernel.Tests.Config;

/// <summary>YAML tags: the core schema's say what a value is; any other (<c>!ENV</c>, <c>!!binary</c>) is refused at its key, not dropped.</summary>
public sealed class YamlTagTests
{
    private readonly ConfigErrors _errors = new();

    private ConfigNode Source(string yaml) => YamlConfigReader.Read("sources:\n  s:\n" + yaml, new TestEnvironment(), _errors)!.Child("sources")!.Child("s")!;

    // Before, the tag was dropped: X-Token was sent as the text API_TOKEN (mkdocs' !ENV reads a variable)
    // and the base64 text itself, and validate said valid.
    [Theory]
    [InlineData("    X-Token: !ENV API_TOKEN\n", "sources.s.X-Token: the YAML tag !ENV is not read by Helr")]
    [InlineData("    X-Data: !!binary aGVsbG8=\n", "sources.s.X-Data: the YAML tag !!binary is not read by Helr")]
    [InlineData("    body: !include body.json\n", "sources.s.body: the YAML tag !include is not read by Helr")]
    public void A_tag_helr_does_not_read_is_an_error_at_its_key(string yaml, string error)
    {
        Source(yaml);
        Assert.StartsWith(error, Assert.Single(_errors.All).ToString());
    }

    [Fact]
    public void Core_schema_tags_say_what_the_value_is()
    {
        var s = Source("    a: !!str 5\n    b: ! 5\n    c: !!int 5\n    d: !!map { x: 1 }\n    e: !!seq [1]\n    f: !!bool true\n");
        Assert.Empty(_errors.All);
        Assert.True(s.Child("a")!.IsQuoted);
        Assert.True(s.Child("b")!.IsQuoted);
        Assert.False(s.Child("c")!.IsQuoted);
        Assert.Equal(ConfigNodeKind.Mapping, s.Child("d")!.Kind);
        Assert.Equal(ConfigNodeKind.Sequence, s.Child("e")!.Kind);
        Assert.False(s.Child("f")!.IsQuoted);
    }
}
