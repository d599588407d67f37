using Helr.Plugins.Slack.Tests.Support;

namespace Helr.Plugins.Slack.Tests;

/// <summary>
/// <c>on_parse_error: skip</c>: next_cursor is in the body, so a page that cannot be read ends the cycle
/// where it is and is asked for again; it never ends the traversal (docs/collection.md).
/// </summary>
public sealed class SlackParseErrorTests
{
    private const string C1 = "dXNlcjpXMDEyM0FCQzQ1Ng==";

    [Theory]
    // Cut off inside entries[]: no next_cursor can be read, which looked like the end of the traversal.
    [InlineData(true)]
    // A proxy's error page served with 200: not JSON at all.
    [InlineData(false)]
    public async Task A_page_that_cannot_be_parsed_is_asked_for_again_next_cycle_and_its_events_are_written_then(bool cutOff)
    {
        var api = new SlackApi(await FakeVendorServer.StartAsync());
        await using var _ = api.Server;
        var broken = true;
        var whole = PluginTestFiles.Read("logs-page2.json");
        var unreadable = cutOff ? whole[..200] : "<html><body>502 Bad Gateway</body></html>";
        api.Page("", "logs-page1.json").Page(C1, () => FakeResponse.Json(broken ? unreadable : whole));
        using var harness = SourceHarness.Create(new SlackSourceType(), SlackApi.Yaml(api.Url, "on_parse_error: skip"), api.Server, new FakeEnvironment());

        var skipped = await harness.RunCycleAsync();

        Assert.Null(skipped.Error);
        Assert.Equal(2, skipped.Lines.Count);
        Assert.Equal(C1, skipped.State["cursor"]); // still the cursor of the unread page
        Assert.False(skipped.State.ContainsKey("watermark")); // the traversal did not complete

        broken = false;
        var next = await harness.RunCycleAsync();

        Assert.Null(next.Error);
        Assert.Equal(C1, next.Requests[0].Param("cursor"));
        Assert.Equal(new[] { "0d1f6a2e-6c7d-4f00-a12f-3456789ab0c1" }, next.EventField("id"));
        Assert.Equal("", next.State["cursor"]);
        Assert.Equal("1718125800", next.State["watermark"]);
    }
}
