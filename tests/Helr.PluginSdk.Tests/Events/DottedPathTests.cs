using System.Text;
using Helr.PluginSdk.Events;

namespace Helr.PluginSdk.Tests.Events;

public class DottedPathTests
{
    private static string? Find(string path, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var range = DottedPath.Parse(path).FindValue(bytes);
        return range is null ? null : Encoding.UTF8.GetString(bytes.AsSpan()[range.Value]);
    }

    private static string? Scalar(string path, string json) => DottedPath.Parse(path).ReadScalarText(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Finds_nested_values_as_raw_bytes()
    {
        const string json = """{"actor": {"id": "u1", "detail": {"ip" : [1, 2]}}, "n": 3}""";
        Assert.Equal("\"u1\"", Find("actor.id", json));
        Assert.Equal("""{"ip" : [1, 2]}""", Find("actor.detail", json));
        Assert.Equal("[1, 2]", Find("actor.detail.ip", json));
        Assert.Equal("3", Find("n", json));
    }

    [Fact]
    public void Empty_path_is_the_whole_document() =>
        Assert.Equal("""{"a":1}""", Find("", """ {"a":1} """));

    [Fact]
    public void Skips_same_named_keys_at_other_depths()
    {
        const string json = """{"x": {"id": "inner", "y": {"id": "deeper"}}, "id": "outer"}""";
        Assert.Equal("outer", Scalar("id", json));
        Assert.Equal("deeper", Scalar("x.y.id", json));
    }

    [Fact]
    public void Matches_property_names_written_with_json_escapes()
    {
        Assert.Equal("x", Scalar("actor.id", """{"\u0061ctor": {"i\u0064": "x"}}"""));
        Assert.Equal("1", Scalar("we\"ird", """{"we\"ird": 1}"""));
        Assert.Equal("2", Scalar("é", """{"\u00e9": 2}"""));
    }

    [Theory]
    [InlineData("""{"a": {"b": 1}}""", "a.c")]
    [InlineData("""{"a": [{"b": 1}]}""", "a.b")]
    [InlineData("""{"a": "text"}""", "a.b")]
    [InlineData("""[{"a": 1}]""", "a")]
    [InlineData("\"scalar\"", "a")]
    [InlineData("{}", "a")]
    public void Missing_or_through_a_non_object_is_null(string json, string path)
    {
        Assert.Null(Find(path, json));
        Assert.Null(Scalar(path, json));
        Assert.Null(DottedPath.Parse(path).ReadString(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("""{"v": 1.50}""", "1.50")]
    [InlineData("""{"v": -3e2}""", "-3e2")]
    [InlineData("""{"v": 12345678901234567890123}""", "12345678901234567890123")]
    [InlineData("""{"v": "a\nb\u00e9"}""", "a\nbé")]
    public void ReadScalarText_gives_number_literals_and_unescaped_strings(string json, string expected) =>
        Assert.Equal(expected, Scalar("v", json));

    [Theory]
    [InlineData("""{"v": null}""")]
    [InlineData("""{"v": true}""")]
    [InlineData("""{"v": {"a": 1}}""")]
    [InlineData("""{"v": [1]}""")]
    public void ReadScalarText_is_null_for_non_scalars(string json) => Assert.Null(Scalar("v", json));

    [Fact]
    public void ReadString_reads_only_strings()
    {
        var path = DottedPath.Parse("meta.next");
        Assert.Equal("abc", path.ReadString("""{"meta": {"next": "abc"}}"""u8));
        Assert.Null(path.ReadString("""{"meta": {"next": 5}}"""u8));
        Assert.Null(path.ReadString("""{"meta": {"next": null}}"""u8));
    }

    [Fact]
    public void Null_value_is_found_as_a_value() => Assert.Equal("null", Find("v", """{"v": null}"""));

    [Fact]
    public void Keeps_its_text() => Assert.Equal("a.b", DottedPath.Parse("a.b").ToString());

    [Theory]
    [InlineData("""{"r": {"has_more": true}}""", true)]
    [InlineData("""{"r": {"has_more": false}}""", false)]
    [InlineData("""{"r": {"has_more": "true"}}""", null)]
    [InlineData("""{"r": {"has_more": 1}}""", null)]
    [InlineData("""{"r": {}}""", null)]
    public void Reads_booleans_and_nothing_else_as_booleans(string json, bool? expected) =>
        Assert.Equal(expected, DottedPath.Parse("r.has_more").ReadBoolean(Encoding.UTF8.GetBytes(json)));

    // Half a surrogate pair, escaped, is valid JSON but no text: read as written, never a throw that
    // failed every cycle at that page; two such strings stay apart.
    [Theory]
    [InlineData("""{"v": "a\ud800"}""", @"a\ud800")]
    [InlineData("""{"v": "\udfffz\u00e9"}""", @"\udfffz\u00e9")]
    [InlineData("""{"v": "a\ud83d\ude00"}""", "a\U0001F600")]
    public void A_lone_surrogate_escape_is_read_as_written(string json, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.Equal(expected, DottedPath.Parse("v").ReadString(bytes));
        Assert.Equal(expected, DottedPath.Parse("v").ReadScalarText(bytes));
    }
}
