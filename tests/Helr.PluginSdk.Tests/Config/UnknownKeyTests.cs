using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Config;

public class UnknownKeyTests
{
    [Fact]
    public void Typo_gets_did_you_mean_with_its_key_path()
    {
        var node = ConfigTree.Source("""{"url": "https://x", "paginaton": {"strategy": "cursor"}}""");
        node.String("url");
        node.Mapping("pagination");
        node.ReportUnknownKeys();
        Assert.Equal(new[] { "sources.s.paginaton: unknown key; did you mean 'pagination'?" }, node.Messages());
    }

    [Fact]
    public void Key_close_to_nothing_lists_the_known_keys()
    {
        var node = ConfigTree.Source("""{"url": "https://x", "zzzzzz": 1}""");
        node.String("url");
        node.String("method");
        node.ReportUnknownKeys();
        Assert.Equal(new[] { "sources.s.zzzzzz: unknown key (known keys: method, url)" }, node.Messages());
    }

    [Fact]
    public void Long_known_lists_are_left_out()
    {
        var node = ConfigTree.Source("""{"zzzzzz": 1}""");
        for (var i = 0; i < 13; i++) node.Know($"key{i:00}");
        node.ReportUnknownKeys();
        Assert.Equal(new[] { "sources.s.zzzzzz: unknown key" }, node.Messages());
    }

    [Fact]
    public void Nested_mappings_that_were_read_are_checked_too()
    {
        var node = ConfigTree.Source("""{"pagination": {"strategy": "cursor", "max_page": 5}}""");
        var pagination = node.Mapping("pagination")!;
        pagination.String("strategy");
        pagination.Integer("max_pages");
        node.ReportUnknownKeys();
        Assert.Equal(new[] { "sources.s.pagination.max_page: unknown key; did you mean 'max_pages'?" }, node.Messages());
    }

    [Fact]
    public void An_unknown_mapping_is_reported_once_not_per_child()
    {
        var node = ConfigTree.Source("""{"url": "x", "bogus_block": {"a": 1, "b": 2}}""");
        node.String("url");
        node.ReportUnknownKeys();
        Assert.Equal(new[] { "sources.s.bogus_block: unknown key (known keys: url)" }, node.Messages());
    }

    [Fact]
    public void Sequence_items_are_checked_with_their_index()
    {
        var node = ConfigTree.Source("""{"rules": [{"path": "/a"}, {"path": "/b", "pth": "x"}]}""");
        foreach (var item in node.Sequence("rules")!.Items) item.String("path");
        node.ReportUnknownKeys();
        Assert.Equal(new[] { "sources.s.rules[1].pth: unknown key; did you mean 'path'?" }, node.Messages());
    }

    [Fact]
    public void Known_and_opaque_keys_are_not_reported()
    {
        var node = ConfigTree.Source("""{"schedule": {"interval_secs": 5}, "body": {"anything": 1}}""");
        node.Know("schedule");
        node.Mapping("schedule")!.Know("interval_secs");
        node.Child("body")!.MarkOpaque();
        node.ReportUnknownKeys();
        Assert.Empty(node.Errors.All);
    }

    [Fact]
    public void Has_marks_the_key_known()
    {
        var node = ConfigTree.Source("""{"hooks": null}""");
        Assert.False(node.Has("hooks"));
        node.ReportUnknownKeys();
        Assert.Empty(node.Errors.All);
    }

    [Fact]
    public void NotSupportedYet_warns_and_hides_the_subtree()
    {
        var node = ConfigTree.Source("""{"hooks": {"script": "a.js", "whatever": 1}}""");
        node.NotSupportedYet("hooks", "response_streaming");
        node.ReportUnknownKeys();
        var warning = Assert.Single(node.Errors.All);
        Assert.True(warning.IsWarning);
        Assert.Equal("sources.s.hooks: not supported yet; this key is accepted and ignored", warning.ToString());
        Assert.False(node.Errors.HasErrors);
    }
}
