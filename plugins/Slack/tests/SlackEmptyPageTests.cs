using Helr.Plugins.Slack.Tests.Support;

namespace Helr.Plugins.Slack.Tests;

/// <summary>
/// Slack's pagination guide: a page may hold fewer entries than <c>limit</c>, even none, while more
/// follow; only the empty <c>next_cursor</c> ends the results. Slack answers newest first, so an empty
/// page in the middle of a traversal is followed by older entries that must not be skipped.
/// </summary>
public sealed class SlackEmptyPageTests
{
    private const string C1 = "dXNlcjpXMDEyM0FCQzQ1Ng==";
    private const string C2 = "dXNlcjpXMDEyM0FCQzQ1Nw==";
    private static readonly string[] All =
        { "0d1f6a2e-6c7d-4f00-a12f-3456789ab0c3", "0d1f6a2e-6c7d-4f00-a12f-3456789ab0c2", "0d1f6a2e-6c7d-4f00-a12f-3456789ab0c1" };

    private static FakeResponse EmptyWithCursor(string cursor) =>
        FakeResponse.Json("""{"ok":true,"entries":[],"response_metadata":{"next_cursor":"CURSOR"}}""".Replace("CURSOR", cursor, StringComparison.Ordinal));

    [Fact]
    public async Task An_empty_page_with_a_next_cursor_does_not_end_the_traversal_and_the_older_entries_are_written()
    {
        var api = new SlackApi(await FakeVendorServer.StartAsync());
        await using var _ = api.Server;
        // Newest first: page 1 (two newest), an empty page that still carries a cursor, then the oldest entry.
        api.Page("", "logs-page1.json").Page(C1, () => EmptyWithCursor(C2)).Page(C2, "logs-page2.json");
        using var harness = SourceHarness.Create(new SlackSourceType(), SlackApi.Yaml(api.Url, "from: \"1717200000\""), api.Server, new FakeEnvironment());

        var cycles = await harness.RunCyclesAsync(2);

        Assert.All(cycles, c => Assert.Null(c.Error));
        Assert.Equal(All, cycles.SelectMany(c => c.EventField("id")).ToArray());
        Assert.Equal("1718125800", cycles[^1].State["watermark"]);
        Assert.Equal("", cycles[^1].State["cursor"]);
    }
}
