using Helr.Plugins.Slack.Tests.Support;

namespace Helr.Plugins.Slack.Tests;

/// <summary>
/// query_params edited while a traversal is under way. Slack's cursor went out with the new filters, so
/// one traversal was split between two queries, newest first: the newer part of its range read with the
/// old filter and never again, the entries only the new filter matches there lost for good.
/// </summary>
public sealed class SlackQueryEditTests
{
    private const string C1 = "dXNlcjpXMDEyM0FCQzQ1Ng==";

    private static string Yaml(SlackApi api, string query) => SlackApi.Yaml(api.Url, $$"""
        from: "1717200000"
        query_params: {{{query}}}
        pagination: { max_pages: 1 }
        """);

    // The first cycle of a traversal under action: user_login, cut short by max_pages with its cursor stored.
    private static async Task<IReadOnlyDictionary<string, string>> CutShortAsync(SlackApi api)
    {
        using var harness = SourceHarness.Create(new SlackSourceType(), Yaml(api, "action: user_login"), api.Server, new FakeEnvironment());
        var cycle = await harness.RunCycleAsync();
        Assert.Null(cycle.Error);
        Assert.Equal(C1, cycle.State["cursor"]);
        return cycle.State;
    }

    [Fact]
    public async Task An_edited_filter_starts_the_traversal_again_from_the_range_start_with_it()
    {
        var api = new SlackApi(await FakeVendorServer.StartAsync());
        await using var _ = api.Server;
        api.Page("", "logs-page1.json").Page(C1, "logs-page2.json");
        var state = await CutShortAsync(api);

        using var edited = SourceHarness.Create(new SlackSourceType(), Yaml(api, "limit: 200"), api.Server, new FakeEnvironment());
        foreach (var (key, value) in state) edited.SetState(key, value);
        var cycle = await edited.RunCycleAsync();

        Assert.Null(cycle.Error);
        var first = cycle.Requests[0];
        Assert.Null(first.Param("cursor"));
        Assert.Null(first.Param("action"));
        Assert.Equal("1717200000", first.Param("oldest"));
        var warning = Assert.Single(cycle.Log, l => l.Contains("changed since the stored \"cursor\" was made", StringComparison.Ordinal));
        Assert.DoesNotContain("user_login", warning);
        Assert.DoesNotContain(C1, warning);
    }

    [Fact]
    public async Task The_same_filters_resume_the_cursor()
    {
        var api = new SlackApi(await FakeVendorServer.StartAsync());
        await using var _ = api.Server;
        api.Page("", "logs-page1.json").Page(C1, "logs-page2.json");
        var state = await CutShortAsync(api);

        // limit is a page size, not a filter: the traversal goes on.
        using var same = SourceHarness.Create(new SlackSourceType(), Yaml(api, "action: user_login, limit: 200"), api.Server, new FakeEnvironment());
        foreach (var (key, value) in state) same.SetState(key, value);
        var cycle = await same.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(C1, cycle.Requests[0].Param("cursor"));
        Assert.DoesNotContain(cycle.Log, l => l.Contains("changed since", StringComparison.Ordinal));
        Assert.Equal("", cycle.State["cursor"]);
        Assert.Equal("", cycle.State["cursor_query"]);
    }
}
