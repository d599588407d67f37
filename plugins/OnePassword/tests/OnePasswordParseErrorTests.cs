using Helr.Plugins.OnePassword.Tests.Support;
using static Helr.Plugins.OnePassword.Tests.OnePasswordCollectionTests;

namespace Helr.Plugins.OnePassword.Tests;

/// <summary>
/// <c>on_parse_error: skip</c> on cursor paging: the next request depends on the page's body, so a page
/// that cannot be read ends the cycle where it is and is asked for again (docs/collection.md).
/// </summary>
public class OnePasswordParseErrorTests
{
    private const string Cursor1 = "aGVsbG8hIGlzIGl0IG1lIHlvdSBhcmUgbG9va2luZyBmb3IK";

    [Theory]
    // Cut off inside items[]: the cursor past the page can still be read, its events cannot.
    [InlineData("""{"cursor":"past-the-unread-page","has_more":true,"items":[{"uuid":"TMVU3JZAQVH4PFUTTSXRN4NYAY","timestamp":"2023-03""")]
    // A proxy's error page served with 200: not JSON at all.
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    public async Task A_page_that_cannot_be_parsed_is_asked_for_again_next_cycle_and_its_events_are_written_then(string unreadable)
    {
        await using var api = await FakeVendorServer.StartAsync();
        var broken = true;
        api.OnPost("/api/v2/auditevents", r => broken && r.Body.Contains(Cursor1)
            ? FakeResponse.Json(unreadable)
            : r.Body.Contains("past-the-unread-page") ? FakeResponse.Json(PluginTestFiles.Read("empty.json")) : TwoPages(r));
        using var harness = SourceHarness.Create(new OnePasswordSourceType(), Config(api, "on_parse_error: skip"), api, new TestEnvironment());

        var skipped = await harness.RunCycleAsync();

        Assert.Null(skipped.Error);
        Assert.Equal(2, skipped.Lines.Count);
        Assert.Equal(Cursor1, skipped.State["cursor"]); // still the cursor of the unread page
        Assert.False(skipped.State.ContainsKey("watermark")); // nothing says the traversal completed

        broken = false;
        var next = await harness.RunCycleAsync();

        Assert.Null(next.Error);
        Assert.Equal($$"""{"cursor":"{{Cursor1}}"}""", next.Requests[0].Body);
        Assert.Equal(new[] { "TMVU3JZAQVH4PFUTTSXRN4NYAY" }, next.EventField("uuid"));
        Assert.Equal("2023-03-15T16:40:11Z", next.State["watermark"]);
    }
}
