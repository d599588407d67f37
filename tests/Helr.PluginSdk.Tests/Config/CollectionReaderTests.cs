using Helr.PluginSdk.Config;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Config;

public class CollectionReaderTests
{
    [Fact]
    public void StringList_reads_scalars_and_reports_items_by_index()
    {
        var node = ConfigTree.Source("""{"scopes": ["a", 2, {"x": 1}]}""");
        Assert.Equal(new[] { "a", "2" }, node.StringList("scopes"));
        Assert.Equal(new[] { "sources.s.scopes[2]: expected a string, found a map" }, node.Messages());
    }

    [Fact]
    public void StringList_rejects_a_scalar_and_can_be_required()
    {
        var node = ConfigTree.Source("""{"scopes": "a"}""");
        Assert.Null(node.StringList("scopes"));
        Assert.Null(node.StringList("other", required: true));
        Assert.Equal(new[] { "sources.s.scopes: expected a list, found a value", "sources.s.other: required" }, node.Messages());
    }

    [Fact]
    public void IntegerList_checks_each_item()
    {
        var node = ConfigTree.Source("""{"codes": [429, "503", 700]}""");
        Assert.Equal(new[] { 429L }, node.IntegerList("codes", 100, 599));
        Assert.Equal(new[]
        {
            "sources.s.codes[1]: expected a whole number between 100 and 599, found '503'",
            "sources.s.codes[2]: expected a whole number between 100 and 599, found '700'",
        }, node.Messages());
    }

    [Fact]
    public void IntegerList_reads_hexadecimal_and_octal_items_as_upstream()
    {
        var node = ConfigNode.NewMapping("sources.s", new ConfigErrors());
        var codes = ConfigNode.NewSequence("sources.s.codes", node.Errors);
        node.Add("codes", codes);
        foreach (var text in new[] { "0x1F4", "0o777", "0x" })
            codes.Add(ConfigNode.NewScalar($"sources.s.codes[{codes.Items.Count}]", text, quoted: false, node.Errors));
        Assert.Equal(new[] { 500L, 511L }, node.IntegerList("codes", 100, 599));
        Assert.Equal(new[] { "sources.s.codes[2]: expected a whole number between 100 and 599, found '0x'" }, node.Messages());
    }

    [Fact]
    public void StringMap_keeps_file_order_and_text_of_plain_values()
    {
        var node = ConfigTree.Source("""{"headers": {"X-B": "b", "X-A": 1, "X-C": true}}""");
        var map = node.StringMap("headers");
        Assert.Equal(new[] { "X-B=b", "X-A=1", "X-C=true" }, map!.Select(kv => $"{kv.Key}={kv.Value}"));
        Assert.Empty(node.Errors.All);
    }

    [Fact]
    public void StringMap_reports_non_scalar_values_by_key()
    {
        var node = ConfigTree.Source("""{"headers": {"ok": "1", "bad": {"x": 1}}}""");
        Assert.Single(node.StringMap("headers")!);
        Assert.Equal(new[] { "sources.s.headers.bad: expected a string value, found a map" }, node.Messages());
    }

    [Fact]
    public void StringMap_integers_only_rejects_plain_booleans_and_fractions()
    {
        var node = ConfigTree.Source("""{"query_params": {"limit": 100, "name": "x", "quoted": "true", "flag": true, "ratio": 0.5}}""");
        var map = node.StringMap("query_params", integersOnly: true);
        Assert.Equal(new[] { "limit=100", "name=x", "quoted=true" }, map!.Select(kv => $"{kv.Key}={kv.Value}"));
        Assert.Equal(new[]
        {
            "sources.s.query_params.flag: expected a string or whole number, found 'true' (quote it to send it as text)",
            "sources.s.query_params.ratio: expected a string or whole number, found '0.5' (quote it to send it as text)",
        }, node.Messages());
    }

    // Upstream reads a query parameter as text or an i64: a plain 0x10 is the integer 16, sent as "16";
    // 010 is not a YAML 1.2 integer, so it stays the text "010" there too.
    [Fact]
    public void StringMap_integers_only_sends_a_hexadecimal_or_octal_integer_in_decimal()
    {
        var node = ConfigNode.NewMapping("sources.s", new ConfigErrors());
        var query = ConfigNode.NewMapping("sources.s.query_params", node.Errors);
        node.Add("query_params", query);
        foreach (var (key, text) in new[] { ("limit", "0x10"), ("page", "0o17"), ("plus", "+5"), ("zero_led", "010") })
            query.Add(key, ConfigNode.NewScalar(query.ChildPath(key), text, quoted: false, node.Errors));
        query.Add("quoted", ConfigNode.NewScalar(query.ChildPath("quoted"), "0x10", quoted: true, node.Errors));
        var map = node.StringMap("query_params", integersOnly: true);
        Assert.Equal(new[] { "limit=16", "page=15", "plus=5", "zero_led=010", "quoted=0x10" }, map!.Select(kv => $"{kv.Key}={kv.Value}"));
        Assert.Empty(node.Errors.All);
    }

    [Fact]
    public void StringMap_keys_are_free_form()
    {
        var node = ConfigTree.Source("""{"headers": {"X-Anything": "1"}}""");
        node.StringMap("headers");
        node.ReportUnknownKeys();
        Assert.Empty(node.Errors.All);
    }

    [Theory]
    [InlineData("""{"auth": "bearer"}""", "sources.s.auth: expected a map of keys, found a value")]
    [InlineData("""{"auth": []}""", "sources.s.auth: expected a map of keys, found a list")]
    public void Mapping_rejects_other_shapes(string json, string expected)
    {
        var node = ConfigTree.Source(json);
        Assert.Null(node.Mapping("auth"));
        Assert.Equal(new[] { expected }, node.Messages());
    }

    [Fact]
    public void Mapping_and_Sequence_required()
    {
        var node = ConfigTree.Source("{}");
        Assert.Null(node.Mapping("auth", required: true));
        Assert.Null(node.Sequence("items", required: true));
        Assert.Equal(new[] { "sources.s.auth: required", "sources.s.items: required" }, node.Messages());
    }

    [Fact]
    public void Sequence_rejects_a_map()
    {
        var node = ConfigTree.Source("""{"items": {"a": 1}}""");
        Assert.Null(node.Sequence("items"));
        Assert.Equal(new[] { "sources.s.items: expected a list, found a map" }, node.Messages());
    }
}
