using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Declarative;

/// <summary>
/// Every declarative cycle streams (IStreamingPollCycle): windows plus the skeleton give the step,
/// drops and state that the same page read whole gives.
/// </summary>
public class StreamingCycleTests
{
    private const string Url = "https://api.example.com/logs";
    private const string Next = "<https://api.example.com/logs?after=2>; rel=\"next\"";

    // Stored: a watermark of 00:03 with ids b and c; the inclusive filter sends them back.
    private static readonly (string, string)[] State = { ("watermark", "00:03"), ("watermark_ids", """["b","c"]""") };

    public static TheoryData<string> Strategies => new() { "cursor", "link_header", "page_offset", "none" };

    private static DeclarativeOptions Options(string strategy) => new()
    {
        Url = new Uri(Url),
        Watermark = new TrackedFieldOptions { StateKey = "watermark", EventPath = "published", Param = "since" },
        Pagination = strategy switch
        {
            "cursor" => new PaginationOptions { Strategy = PaginationStrategy.Cursor, CursorParam = "cursor", CursorPath = "meta.next" },
            "link_header" => new PaginationOptions { Strategy = PaginationStrategy.LinkHeader },
            "page_offset" => new PaginationOptions { Strategy = PaginationStrategy.PageOffset, PageParam = "page", LimitParam = "n", Limit = 7 },
            _ => null,
        },
    };

    private static IStreamingPollCycle Cycle(string strategy) =>
        (IStreamingPollCycle)new DeclarativeSource(Options(strategy), null).BeginCycle(new CycleContext
        {
            SourceId = "s", State = new DictionaryState(State), Sender = null!, Log = new RecordingLogger(), EventIdPath = "id",
        });

    private static string Page(string next, params (string Id, string Time)[] events) =>
        $$"""{"meta":{"next":"{{next}}"},"data":[{{string.Join(",", events.Select(e => $$"""{"id":"{{e.Id}}","published":"{{e.Time}}"}"""))}}],"total":7}""";

    private static readonly string[] Bodies =
    {
        Page("c2", ("b", "00:03"), ("c", "00:03"), ("d", "00:03"), ("e", "00:04"), ("f", "00:05"), ("g", "00:05"), ("h", "00:05")),
        Page("", ("i", "00:06"), ("j", "00:07")),
    };

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Windows_and_the_skeleton_give_the_steps_and_drops_of_the_pages_read_whole(string strategy)
    {
        foreach (var perWindow in new[] { 1, 2, 3, 100 })
        {
            var whole = Cycle(strategy);
            var streamed = Cycle(strategy);
            var request = whole.First!;
            foreach (var body in Bodies)
            {
                var expected = whole.OnPage(Pages.Response(request, body, links: Next), Pages.Events(body));
                var (actual, drop) = streamed.Stream(request, body, perWindow, links: Next);
                Assert.Equal(expected.Drop, drop);
                Assert.Empty(actual.Drop);
                Assert.Equal(expected.Next?.Url, actual.Next?.Url);
                Assert.Equal(expected.Checkpoint.OrderBy(kv => kv.Key), actual.Checkpoint.OrderBy(kv => kv.Key));
                if (expected.Next is null) break;
                request = expected.Next;
            }
        }
    }

    [Fact]
    public void The_cursor_is_read_from_the_skeleton()
    {
        Assert.Equal("""{"meta":{"next":"c2"},"data":[],"total":7}""", StreamedPages.Skeleton(Bodies[0]));
        var cycle = Cycle("cursor");
        var (step, drop) = cycle.Stream(cycle.First!, Bodies[0], 2);
        Assert.Equal(Url + "?cursor=c2", step.Next!.Url.AbsoluteUri);
        Assert.Equal(new[] { 0, 1 }, drop);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void A_page_that_fails_after_its_windows_leaves_the_state_of_a_page_read_whole_and_skipped(string strategy)
    {
        var whole = Cycle(strategy);
        var streamed = Cycle(strategy);
        // Newer than anything after it: if its windows counted, the watermark would move past unwritten events.
        var bad = Page("c9", ("x", "23:59"), ("y", "23:59"));
        var expected = whole.OnPage(Pages.Response(whole.First!, bad, links: Next), Pages.ParseFailure(bad));
        var (actual, _) = streamed.Stream(streamed.First!, bad, 1, parseError: "response is not valid JSON", links: Next);
        Assert.Equal(expected.Checkpoint.OrderBy(kv => kv.Key), actual.Checkpoint.OrderBy(kv => kv.Key));
        Assert.DoesNotContain("23:59", actual.Checkpoint.Values);
        if (expected.Next is null) return;
        var last = Page("", ("k", "00:08"));
        var after = whole.OnPage(Pages.Response(expected.Next, last), Pages.Events(last));
        var (streamedAfter, _) = streamed.Stream(actual.Next!, last, 1);
        Assert.Equal(after.Checkpoint.OrderBy(kv => kv.Key), streamedAfter.Checkpoint.OrderBy(kv => kv.Key));
        Assert.DoesNotContain("23:59", streamedAfter.Checkpoint.Values);
    }

    // A streamed page's EventCount is what stop_on_empty_page and page_offset's short page look at.
    // It counts the elements of the events array only because a source whose paths make an event
    // something else than an element (response_event_object_path, response_events_path) never
    // streams: its pages, however large, are read whole, where the elements are counted after all.
    [Theory]
    [InlineData(null, null, true)]
    [InlineData(null, "node", false)]
    [InlineData("result.items", null, false)]
    public void Only_a_source_whose_events_are_the_elements_streams(string? eventsPath, string? objectPath, bool windows)
    {
        var extractor = new DeclarativeSource(new DeclarativeOptions { Url = new Uri(Url), EventsPath = eventsPath, EventObjectPath = objectPath }, null).Extractor;
        Assert.Equal(windows, ((Helr.PluginSdk.Events.IIncrementalEventExtractor)extractor).StartScan().CanWindow);
    }
}
