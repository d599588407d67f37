using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Declarative;

public class PageNumberCycleTests
{
    private const string Url = "https://api.example.com/logs";

    private static DeclarativeOptions Options(PaginationStrategy strategy = PaginationStrategy.PageOffset, int maxPages = 100) => new()
    {
        Url = new Uri(Url),
        From = "2024-01-01",
        QueryParams = new[] { new KeyValuePair<string, string>("type", "audit") },
        Pagination = new PaginationOptions
        {
            Strategy = strategy, PageParam = "page", OffsetParam = "offset", LimitParam = "per_page", Limit = 2, MaxPages = maxPages,
        },
    };

    private static PageNumberCycle Cycle(DeclarativeOptions options, params (string, string)[] state) =>
        new(options, Pages.Context(new DictionaryState(state)));

    [Fact]
    public void Page_offset_sends_from_and_query_params_on_every_page()
    {
        var cycle = Cycle(Options());
        Assert.Equal(Url + "?since=2024-01-01&type=audit&page=1&per_page=2", cycle.First!.Url.AbsoluteUri);
        var step = cycle.Page(cycle.First, "[1, 2]");
        Assert.Equal(Url + "?since=2024-01-01&type=audit&page=2&per_page=2", step.Next!.Url.AbsoluteUri);
        step = cycle.Page(step.Next, "[3, 4]");
        Assert.Equal(Url + "?since=2024-01-01&type=audit&page=3&per_page=2", step.Next!.Url.AbsoluteUri);
        Assert.Equal("4", step.Checkpoint[PageNumberCycle.StateKey]);
    }

    // Sent twice (per_page=10&page=1&per_page=100), an API that takes the first value serves pages of
    // 10, each counted short against limit 100: the traversal ended at page 1 every cycle and the
    // watermark moved over every page after it. The paging's own parameters win.
    [Fact]
    public void A_query_param_named_like_a_paging_param_is_not_sent_beside_it()
    {
        var options = Options() with { QueryParams = new KeyValuePair<string, string>[] { new("per_page", "50"), new("page", "7"), new("type", "audit") } };
        var cycle = Cycle(options);
        Assert.Equal(Url + "?since=2024-01-01&type=audit&page=1&per_page=2", cycle.First!.Url.AbsoluteUri);
    }

    // An API that pages by another parameter name answers every page with the first: each cycle wrote it
    // max_pages times and stored an offset past it, so the traversal never completed, silently.
    [Theory]
    [InlineData(PaginationStrategy.PageOffset, "answered page 2 ", "pagination.page_param")]
    [InlineData(PaginationStrategy.Offset, "answered offset 2 ", "pagination.offset_param")]
    public void A_full_page_served_again_byte_for_byte_fails_the_poll_naming_the_paging_parameter(PaginationStrategy strategy, string page, string key)
    {
        var cycle = Cycle(Options(strategy));
        var step = cycle.Page(cycle.First!, """[{"id":1},{"id":2}]""");

        var error = Assert.Throws<InvalidOperationException>(() => cycle.Page(step.Next!, """[{"id":1},{"id":2}]"""));

        Assert.Contains(page, error.Message);
        Assert.Contains(key, error.Message);
    }

    // Most APIs put something of their own beside the events (a request id, how long the query took): the
    // first page served again differed from it by that alone, and was written max_pages times a cycle.
    [Theory]
    [InlineData(PaginationStrategy.PageOffset, "answered page 2 ")]
    [InlineData(PaginationStrategy.Offset, "answered offset 2 ")]
    public void A_full_page_served_again_with_a_new_request_id_fails_the_poll_too(PaginationStrategy strategy, string page)
    {
        var cycle = Cycle(Options(strategy));
        var step = cycle.Page(cycle.First!, """{"data":[{"id":1},{"id":2}],"request_id":"r1"}""");

        var error = Assert.Throws<InvalidOperationException>(() => cycle.Page(step.Next!, """{"data":[{"id":1},{"id":2}],"request_id":"r2"}"""));

        Assert.Contains(page + "with the same events as the page before it", error.Message);
    }

    // Pages that differ in one event are pages.
    [Fact]
    public void Full_pages_whose_events_differ_go_on()
    {
        var cycle = Cycle(Options());
        var step = cycle.Page(cycle.First!, """{"data":[{"id":1},{"id":2}]}""");
        step = cycle.Page(step.Next!, """{"data":[{"id":1},{"id":3}]}""");
        Assert.NotNull(step.Next);
    }

    // The error above says to fix page_param / offset_param; the failing cycles had stored an offset past the
    // first page each time (the API served it at every offset). Resumed under the fixed parameter, the
    // traversal began there and the events before it were never read.
    [Theory]
    [InlineData(PaginationStrategy.PageOffset, "pg=1&per_page=2")]
    [InlineData(PaginationStrategy.Offset, "start=0&per_page=2")]
    public void An_offset_stored_under_another_paging_parameter_is_not_resumed(PaginationStrategy strategy, string first)
    {
        var wrong = Options(strategy);
        var cycle = Cycle(wrong);
        var step = cycle.Page(cycle.First!, """[{"id":1},{"id":2}]""");
        var state = step.Checkpoint.Select(kv => (kv.Key, kv.Value)).ToArray();
        Assert.Equal("2", step.Checkpoint[PageNumberCycle.StateKey]);

        var fixedParam = wrong with { Pagination = wrong.Pagination! with { PageParam = "pg", OffsetParam = "start" } };
        var url = Cycle(fixedParam, state).First!.Url.AbsoluteUri;

        Assert.Equal(Url + "?since=2024-01-01&type=audit&" + first, url);
        // Unchanged, the stored offset is resumed.
        Assert.Contains(strategy == PaginationStrategy.PageOffset ? "page=2&" : "offset=2&", Cycle(wrong, state).First!.Url.AbsoluteUri);
    }

    // Stored by an earlier version, whose fingerprint left the paging parameter out: an upgrade restarts nothing.
    [Fact]
    public void An_offset_whose_fingerprint_predates_the_paging_parameter_is_resumed()
    {
        var options = Options();
        var earlier = new DeclarativeParts(options, Pages.Context(new DictionaryState())).QueryFingerprint();
        var url = Cycle(options, (PageNumberCycle.StateKey, "4"), (PageNumberCycle.StateKey + "_query", earlier)).First!.Url.AbsoluteUri;
        Assert.EndsWith("&page=3&per_page=2", url);
    }

    [Fact]
    public void Offset_advances_by_the_limit()
    {
        var cycle = Cycle(Options(PaginationStrategy.Offset));
        Assert.Equal(Url + "?since=2024-01-01&type=audit&offset=0&per_page=2", cycle.First!.Url.AbsoluteUri);
        var step = cycle.Page(cycle.First, "[1, 2]");
        Assert.Equal(Url + "?since=2024-01-01&type=audit&offset=2&per_page=2", step.Next!.Url.AbsoluteUri);
        step = cycle.Page(step.Next, "[3, 4]");
        Assert.Equal(Url + "?since=2024-01-01&type=audit&offset=4&per_page=2", step.Next!.Url.AbsoluteUri);
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("[]")]
    public void Short_first_page_is_the_last_and_stores_nothing(string body)
    {
        var cycle = Cycle(Options());
        var step = cycle.Page(cycle.First!, body);
        Assert.Null(step.Next);
        Assert.Empty(step.Checkpoint);
    }

    [Fact]
    public void Short_page_after_others_clears_the_offset()
    {
        var cycle = Cycle(Options());
        var step = cycle.Page(cycle.First!, "[1, 2]");
        step = cycle.Page(step.Next!, "[3]");
        Assert.Null(step.Next);
        Assert.Equal("", step.Checkpoint[PageNumberCycle.StateKey]);
    }

    [Fact]
    public void Max_pages_stops_on_a_full_page_and_stores_where_the_next_cycle_continues()
    {
        var cycle = Cycle(Options(maxPages: 2));
        var step = cycle.Page(cycle.First!, "[1, 2]");
        step = cycle.Page(step.Next!, "[3, 4]");
        Assert.Null(step.Next);
        Assert.Equal("4", step.Checkpoint[PageNumberCycle.StateKey]);
    }

    [Fact]
    public void Max_bytes_stops_and_stores_the_offset_reached()
    {
        var cycle = Cycle(Options(PaginationStrategy.Offset) with { MaxBytes = 1 });
        var step = cycle.Page(cycle.First!, "[1, 2]");
        Assert.Null(step.Next);
        Assert.Equal("2", step.Checkpoint[PageNumberCycle.StateKey]);
    }

    [Theory]
    [InlineData(PaginationStrategy.PageOffset, "4", "page=3")]
    [InlineData(PaginationStrategy.PageOffset, "5", "page=3")] // an offset between page starts rounds down: repeats, never skips
    [InlineData(PaginationStrategy.Offset, "5", "offset=5")]
    public void A_stored_offset_is_where_the_cycle_continues(PaginationStrategy strategy, string stored, string expected) =>
        Assert.EndsWith(expected + "&per_page=2", Cycle(Options(strategy), (PageNumberCycle.StateKey, stored)).First!.Url.AbsoluteUri);

    [Fact]
    public void Skipped_parse_error_moves_to_the_next_page()
    {
        var cycle = Cycle(Options());
        var step = cycle.OnPage(Pages.Response(cycle.First!, "oops"), Pages.ParseFailure("oops"));
        Assert.EndsWith("page=2&per_page=2", step.Next!.Url.AbsoluteUri);
    }

    // An API that answers past its last (full) page with something unparseable (an error page served
    // with 200): storing the offset past those pages moved it max_pages pages beyond the data every cycle,
    // for ever, and events that arrived at the end (or shifted there, newest first) were never read.
    [Fact]
    public void Pages_that_all_failed_since_the_last_readable_one_keep_the_offset_at_the_first_of_them()
    {
        var cycle = Cycle(Options(maxPages: 3));
        var step = cycle.Page(cycle.First!, "[1, 2]");
        step = cycle.OnPage(Pages.Response(step.Next!, "oops"), Pages.ParseFailure("oops"));
        Assert.Equal("2", step.Checkpoint[PageNumberCycle.StateKey]);
        step = cycle.OnPage(Pages.Response(step.Next!, "oops"), Pages.ParseFailure("oops"));
        Assert.Null(step.Next);
        Assert.False(step.EndOfData);
        Assert.Equal("2", step.Checkpoint[PageNumberCycle.StateKey]);
        var next = Cycle(Options(maxPages: 3), (PageNumberCycle.StateKey, "2"));
        step = next.OnPage(Pages.Response(next.First!, "oops"), Pages.ParseFailure("oops"));
        step = next.OnPage(Pages.Response(step.Next!, "oops"), Pages.ParseFailure("oops"));
        step = next.OnPage(Pages.Response(step.Next!, "oops"), Pages.ParseFailure("oops"));
        Assert.Null(step.Next);
        Assert.Equal("2", step.Checkpoint[PageNumberCycle.StateKey]);
    }

    // An empty body behind full pages is the API's answer past its data: the cycle stops there (not
    // max_pages requests later), keeps the offset at it, and says the source is caught up, not stalled.
    [Fact]
    public void An_empty_body_behind_full_pages_ends_the_cycle_there_as_the_end_of_the_data()
    {
        var cycle = Cycle(Options(maxPages: 100));
        var step = cycle.Page(cycle.First!, "[1, 2]");
        step = cycle.OnPage(Pages.Response(step.Next!, " \n"), Pages.ParseFailure("response body is empty"));
        Assert.Null(step.Next);
        Assert.True(step.EndOfData);
        Assert.Equal("2", step.Checkpoint[PageNumberCycle.StateKey]);
        var next = Cycle(Options(maxPages: 100), (PageNumberCycle.StateKey, "2"));
        step = next.OnPage(Pages.Response(next.First!, ""), Pages.ParseFailure("response body is empty"));
        Assert.Null(step.Next);
        Assert.True(step.EndOfData);
        Assert.Equal("2", step.Checkpoint[PageNumberCycle.StateKey]);
    }

    // At the first page no data precedes it: an empty body there may as well be a wrong URL, and the
    // cycle looks behind it as behind any other unreadable page.
    [Fact]
    public void An_empty_first_page_is_not_taken_for_the_end_of_the_data()
    {
        var cycle = Cycle(Options(maxPages: 100));
        var step = cycle.OnPage(Pages.Response(cycle.First!, ""), Pages.ParseFailure("response body is empty"));
        Assert.NotNull(step.Next);
        Assert.False(step.EndOfData);
    }

    [Fact]
    public void A_page_that_failed_is_passed_once_a_later_page_is_read()
    {
        var cycle = Cycle(Options());
        var step = cycle.OnPage(Pages.Response(cycle.First!, "oops"), Pages.ParseFailure("oops"));
        step = cycle.Page(step.Next!, "[3, 4]");
        Assert.Equal("4", step.Checkpoint[PageNumberCycle.StateKey]);
        step = cycle.Page(step.Next!, "[5]");
        Assert.Null(step.Next);
        Assert.Equal("", step.Checkpoint[PageNumberCycle.StateKey]);
    }

    [Fact]
    public void Stored_watermark_replaces_from_on_every_page()
    {
        var options = Options() with { Watermark = new TrackedFieldOptions { StateKey = "watermark", EventPath = "ts", Param = "after" } };
        var cycle = Cycle(options, ("watermark", "2024-06-01"));
        var step = cycle.Page(cycle.First!, "[1, 2]");
        Assert.Equal(Url + "?after=2024-06-01&type=audit&page=2&per_page=2", step.Next!.Url.AbsoluteUri);
    }

    [Fact]
    public void Newest_first_backlog_keeps_the_range_start_until_the_traversal_completes()
    {
        var options = Options(maxPages: 1) with { Watermark = new TrackedFieldOptions { StateKey = "watermark", EventPath = "ts", Param = "after" } };
        // Cycle 1 reads the newest page and stops at max_pages: the watermark must not jump to its newest event.
        var first = Cycle(options, ("watermark", "2024-01-01"));
        var step = first.Page(first.First!, """[{"ts":"2024-03-04"},{"ts":"2024-03-03"}]""");
        Assert.Null(step.Next);
        Assert.False(step.Checkpoint.ContainsKey("watermark"));
        Assert.Equal("2024-03-04", step.Checkpoint["watermark_pending"]);
        Assert.Equal("2", step.Checkpoint[PageNumberCycle.StateKey]);
        // Cycle 2 continues at page 2 from the same range start, and its short page completes the traversal.
        var second = Cycle(options, ("watermark", "2024-01-01"), ("watermark_pending", "2024-03-04"), (PageNumberCycle.StateKey, "2"));
        Assert.Equal(Url + "?after=2024-01-01&type=audit&page=2&per_page=2", second.First!.Url.AbsoluteUri);
        step = second.Page(second.First!, """[{"ts":"2024-03-02"}]""");
        Assert.Equal("2024-03-04", step.Checkpoint["watermark"]);
        Assert.Equal("", step.Checkpoint["watermark_pending"]);
        Assert.Equal("", step.Checkpoint[PageNumberCycle.StateKey]);
    }

    [Fact]
    public void A_cycle_without_a_stored_offset_starts_at_page_one_whatever_else_is_stored() =>
        Assert.EndsWith("page=1&per_page=2", Cycle(Options(), ("next_url", "https://x/"), ("cursor", "c")).First!.Url.AbsoluteUri);
}
