using System.Text;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Config;

public class ToJsonBytesTests
{
    [Fact]
    public void Keeps_json_types_of_plain_scalars_and_strings_of_quoted_ones()
    {
        var node = ConfigTree.FromJson("""
            {"n": 1, "s": "1", "t": true, "st": "true", "z": null, "f": 1.5, "list": [1, "x"], "map": {"k": "v"}}
            """, "sources.s.body");
        Assert.Equal("""{"n":1,"s":"1","t":true,"st":"true","z":null,"f":1.5,"list":[1,"x"],"map":{"k":"v"}}""",
            Encoding.UTF8.GetString(node.ToJsonBytes()));
    }

    [Theory]
    [InlineData("yes", "\"yes\"")]
    [InlineData("~", "null")]
    [InlineData("Null", "null")]
    [InlineData("NULL", "null")]
    [InlineData("False", "false")]
    [InlineData("-12", "-12")]
    [InlineData("1e3", "1000")]
    [InlineData("12345678901234567890", "1.2345678901234567E+19")]
    [InlineData("NaN", "\"NaN\"")]
    [InlineData("0x1F", "31")]
    [InlineData("0o17", "15")]
    [InlineData("0X1F", "\"0X1F\"")]
    public void Plain_text_becomes_the_json_value_yaml_means(string text, string json)
    {
        var node = ConfigNode.NewScalar("b", text, quoted: false, new ConfigErrors());
        Assert.Equal(json, Encoding.UTF8.GetString(node.ToJsonBytes()));
    }

    [Fact]
    public void Body_keys_are_free_form()
    {
        var node = ConfigTree.Source("""{"body": {"filter": {"kind": "x"}}}""");
        node.Child("body")!.ToJsonBytes();
        node.ReportUnknownKeys();
        Assert.Empty(node.Errors.All);
    }
}
