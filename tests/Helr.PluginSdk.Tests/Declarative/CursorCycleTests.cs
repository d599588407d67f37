using System.Text.Json.Nodes;
using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Declarative;

public class CursorCycleTests
{
    private const string Url = "https://api.example.com/v1/events";

    internal static DeclarativeOptions Options(int maxPages = 100, bool stopOnEmpty = true, long? maxBytes = null) => new()
    {
        Url = new Uri(Url),
        From = "2024-01-01",
        QueryParams = new[] { new KeyValuePair<string, string>("limit", "2") },
        Pagination = new PaginationOptions
        {
            Strategy = PaginationStrategy.Cursor, CursorParam = "cursor", CursorPath = "meta.next",
            MaxPages = maxPages, StopOnEmptyPage = stopOnEmpty,
        },
        MaxBytes = maxBytes,
    };

    internal static DeclarativeOptions Post(string? body) => Options() with
    {
        Method = HttpMethod.Post,
        Body = body is null ? null : System.Text.Encoding.UTF8.GetBytes(body),
    };

    private static CursorCycle Cycle(DeclarativeOptions options, params (string, string)[] state) =>
        new(options, Pages.Context(new DictionaryState(state)));

    private static string Page(string cursorJson, string events = "[1, 2]") => $$$"""{"data": {{{events}}}, "meta": {"next": {{{cursorJson}}}}}""";

    [Fact]
    public void Get_without_cursor_starts_from_the_first_request_url() =>
        Assert.Equal(Url + "?since=2024-01-01&limit=2", Cycle(Options()).First!.Url.AbsoluteUri);

    [Fact]
    public void Get_with_stored_cursor_sends_only_the_cursor() =>
        Assert.Equal(Url + "?cursor=abc", Cycle(Options(), ("cursor", "abc")).First!.Url.AbsoluteUri);

    [Fact]
    public void Post_without_cursor_sends_the_source_body_to_the_first_request_url()
    {
        var first = Cycle(Post("""{"limit": 100}""")).First!;
        Assert.Equal(HttpMethod.Post, first.Method);
        Assert.Equal(Url + "?since=2024-01-01&limit=2", first.Url.AbsoluteUri);
        Assert.Equal("""{"limit": 100}""", first.JsonBody.Text());
    }

    [Theory]
    [InlineData("""{"limit": 100, "cursor": "old", "f": {"a": [1]}}""", """{"limit": 100, "cursor": "abc", "f": {"a": [1]}}""")]
    [InlineData(null, """{"cursor": "abc"}""")]
    [InlineData("""[1, 2]""", """{"cursor": "abc"}""")]
    public void Post_with_cursor_merges_it_into_the_body(string? body, string expected)
    {
        var first = Cycle(Post(body), ("cursor", "abc")).First!;
        Assert.Equal(Url, first.Url.AbsoluteUri);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(first.JsonBody.Text())), first.JsonBody.Text());
    }

    [Fact]
    public void Each_page_with_a_cursor_continues_and_checkpoints_it()
    {
        var cycle = Cycle(Options());
        var step = cycle.Page(cycle.First!, Page("\"c2\""));
        Assert.Equal(Url + "?cursor=c2", step.Next!.Url.AbsoluteUri);
        Assert.Equal("c2", step.Checkpoint["cursor"]);
        step = cycle.Page(step.Next, Page("\"c3\""));
        Assert.Equal(Url + "?cursor=c3", step.Next!.Url.AbsoluteUri);
    }

    [Fact]
    public void Post_cursor_goes_into_the_next_body()
    {
        var cycle = Cycle(Post("""{"limit": 100}"""));
        var step = cycle.Page(cycle.First!, Page("\"c2\""));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"limit": 100, "cursor": "c2"}"""), JsonNode.Parse(step.Next!.JsonBody.Text())));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("{\"x\": 1}")]
    public void No_string_or_number_cursor_ends_the_cycle_and_clears_it(string cursorJson)
    {
        var cycle = Cycle(Options(), ("cursor", "abc"));
        var step = cycle.Page(cycle.First!, Page(cursorJson));
        Assert.Null(step.Next);
        Assert.Equal("", step.Checkpoint["cursor"]);
    }

    // Upstream takes a number for no cursor, so an API numbering its pages was read one page per cycle.
    [Fact]
    public void A_numeric_cursor_is_sent_as_its_text()
    {
        var cycle = Cycle(Options(), ("cursor", "abc"));
        var step = cycle.Page(cycle.First!, Page("42"));
        Assert.Contains("cursor=42", step.Next!.Url.Query);
        Assert.Equal("42", step.Checkpoint["cursor"]);
    }

    [Fact]
    public void Absent_cursor_ends_the_cycle()
    {
        var cycle = Cycle(Options());
        var step = cycle.Page(cycle.First!, "[1]");
        Assert.Null(step.Next);
        Assert.Equal("", step.Checkpoint["cursor"]);
    }

    [Fact]
    public void Max_pages_stops_and_keeps_the_cursor()
    {
        var cycle = Cycle(Options(maxPages: 1));
        var step = cycle.Page(cycle.First!, Page("\"c2\""));
        Assert.Null(step.Next);
        Assert.Equal("c2", step.Checkpoint["cursor"]);
    }

    [Fact]
    public void Max_bytes_stops_and_keeps_the_cursor()
    {
        var cycle = Cycle(Options(maxBytes: 1));
        var step = cycle.Page(cycle.First!, Page("\"c2\""));
        Assert.Null(step.Next);
        Assert.Equal("c2", step.Checkpoint["cursor"]);
    }

    [Fact]
    public void Empty_page_stops_and_stores_the_cursor_by_default()
    {
        var cycle = Cycle(Options());
        var step = cycle.Page(cycle.First!, Page("\"c2\"", events: "[]"));
        Assert.Null(step.Next);
        Assert.Equal("c2", step.Checkpoint["cursor"]);
    }

    [Fact]
    public void Empty_page_continues_when_stop_on_empty_page_is_off()
    {
        var cycle = Cycle(Options(stopOnEmpty: false));
        Assert.NotNull(cycle.Page(cycle.First!, Page("\"c2\"", events: "[]")).Next);
    }

    [Fact]
    public void Skipped_parse_error_stops_without_touching_the_cursor()
    {
        var cycle = Cycle(Options(), ("cursor", "abc"));
        var step = cycle.OnPage(Pages.Response(cycle.First!, "oops"), Pages.ParseFailure("oops"));
        Assert.Null(step.Next);
        Assert.Empty(step.Checkpoint);
    }

    // An API that hands back the cursor it was sent would only serve the same events again: following
    // it wrote them up to max_pages times per cycle.
    [Fact]
    public void A_cursor_equal_to_the_one_sent_ends_the_cycle_and_is_kept()
    {
        var cycle = Cycle(Options(stopOnEmpty: false), ("cursor", "abc"));
        var step = cycle.Page(cycle.First!, Page("\"abc\""));
        Assert.Null(step.Next);
        Assert.Equal("abc", step.Checkpoint["cursor"]);
    }

    [Fact]
    public void An_empty_page_handing_back_its_cursor_is_left_to_stop_on_empty_page()
    {
        var cycle = Cycle(Options(stopOnEmpty: false), ("cursor", "abc"));
        Assert.NotNull(cycle.Page(cycle.First!, Page("\"abc\"", events: "[]")).Next);
    }

    [Fact]
    public void A_cursor_repeated_on_a_later_page_ends_the_cycle_there()
    {
        var cycle = Cycle(Options());
        var step = cycle.Page(cycle.First!, Page("\"c2\""));
        step = cycle.Page(step.Next!, Page("\"c2\""));
        Assert.Null(step.Next);
        Assert.Equal("c2", step.Checkpoint["cursor"]);
    }

    // response_event_object_path drops elements without the path; a page of only such elements still
    // came from an API with more to give. Taken for empty, it ended the traversal there and moved the
    // watermark over pages not read yet.
    [Fact]
    public void A_page_whose_elements_all_lack_the_object_path_is_not_empty()
    {
        var options = Options() with { EventObjectPath = "node", Watermark = new() { StateKey = "watermark", EventPath = "t", Param = "since" } };
        var cycle = Cycle(options, ("watermark", "5"));
        var body = Page("\"c2\"", events: """[{"other": {"t": 9}}, {"other": {"t": 8}}]""");
        var step = cycle.OnPage(Pages.Response(cycle.First!, body), Pages.Events(body, objectPath: "node"));
        Assert.Equal(Url + "?cursor=c2", step.Next!.Url.AbsoluteUri);
        Assert.False(step.Checkpoint.ContainsKey("watermark"));
    }

    [Fact]
    public void Such_a_page_handing_back_its_cursor_ends_the_cycle_like_a_page_with_events()
    {
        var cycle = Cycle(Options() with { EventObjectPath = "node" }, ("cursor", "abc"));
        var body = Page("\"abc\"", events: """[{"other": 1}]""");
        Assert.Null(cycle.OnPage(Pages.Response(cycle.First!, body), Pages.Events(body, objectPath: "node")).Next);
    }
}
