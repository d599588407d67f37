using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Config;

/// <summary>A mapping of many keys (<c>sources:</c> of a large config) is looked up by key, with the same answers as a scan.</summary>
public class LargeMappingTests
{
    [Fact]
    public void Every_key_is_found_a_null_one_reads_as_absent_and_an_unknown_key_is_still_named()
    {
        var keys = Enumerable.Range(0, 30).Select(i => $"source{i}").ToList();
        var json = "{" + string.Join(", ", keys.Select((k, i) => $$"""
            "{{k}}": {"url": "https://x/{{i}}"}
            """)) + """, "empty": null, "zzzzzzzzzz": 1}""";
        var node = ConfigTree.FromJson(json, "sources");
        for (var i = 0; i < keys.Count; i++) Assert.Equal($"https://x/{i}", node.Mapping(keys[i])!.String("url"));
        Assert.Null(node.Child("empty"));
        Assert.False(node.Has("source30"));
        node.ReportUnknownKeys();
        Assert.Equal(new[] { "sources.zzzzzzzzzz: unknown key" }, node.Messages());
    }
}
