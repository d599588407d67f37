using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Sources;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Declarative;

public class LinkHeaderCycleTests
{
    private const string Url = "https://api.example.com/v1/logs";
    private const string Next2 = "https://api.example.com/v1/logs?after=2";
    private const string Next3 = "https://api.example.com/v1/logs?after=3";

    private static DeclarativeOptions Options(int maxPages = 100, bool stopOnEmpty = true, long? maxBytes = null) => new()
    {
        Url = new Uri(Url),
        QueryParams = new[] { new KeyValuePair<string, string>("limit", "2") },
        Headers = new[] { new KeyValuePair<string, string>("Accept", "application/json") },
        Pagination = new PaginationOptions { Strategy = PaginationStrategy.LinkHeader, MaxPages = maxPages, StopOnEmptyPage = stopOnEmpty },
        MaxBytes = maxBytes,
    };

    private static LinkHeaderCycle Cycle(DeclarativeOptions options, params (string, string)[] state) =>
        new(options, Pages.Context(new DictionaryState(state)));

    private static string Link(string url) => $"<{url}>; rel=\"next\"";

    [Fact]
    public void First_request_without_state_is_the_first_request_url()
    {
        var first = Cycle(Options()).First!;
        Assert.Equal(Url + "?limit=2", first.Url.AbsoluteUri);
        Assert.Equal(HttpMethod.Get, first.Method);
        Assert.Null(first.JsonBody);
        Assert.Equal("Accept", Assert.Single(first.Headers).Key);
    }

    [Fact]
    public void First_request_resumes_from_the_stored_next_url() =>
        Assert.Equal(Next2, Cycle(Options(), ("next_url", Next2)).First!.Url.AbsoluteUri);

    [Fact]
    public void Empty_stored_next_url_starts_over() =>
        Assert.Equal(Url + "?limit=2", Cycle(Options(), ("next_url", "")).First!.Url.AbsoluteUri);

    [Fact]
    public void Each_page_with_a_next_link_continues_and_checkpoints_it()
    {
        var cycle = Cycle(Options());
        var step = cycle.Page(cycle.First!, "[1, 2]", Link(Next2));
        Assert.Equal(Next2, step.Next!.Url.AbsoluteUri);
        Assert.Equal(Next2, step.Checkpoint["next_url"]);
        step = cycle.Page(step.Next, "[3, 4]", Link(Next3));
        Assert.Equal(Next3, step.Checkpoint["next_url"]);
    }

    [Fact]
    public void Last_page_clears_next_url()
    {
        var cycle = Cycle(Options(), ("next_url", Next2));
        var step = cycle.Page(cycle.First!, "[1]");
        Assert.Null(step.Next);
        Assert.Equal("", step.Checkpoint["next_url"]);
    }

    [Fact]
    public void Relative_next_link_is_stored_absolute()
    {
        var cycle = Cycle(Options());
        var step = cycle.Page(cycle.First!, "[1]", "</v1/logs?after=2>; rel=\"next\"");
        Assert.Equal(Next2, step.Checkpoint["next_url"]);
    }

    [Fact]
    public void Max_pages_stops_and_keeps_the_next_link()
    {
        var cycle = Cycle(Options(maxPages: 2));
        var step = cycle.Page(cycle.First!, "[1]", Link(Next2));
        Assert.NotNull(step.Next);
        step = cycle.Page(step.Next!, "[2]", Link(Next3));
        Assert.Null(step.Next);
        Assert.Equal(Next3, step.Checkpoint["next_url"]);
    }

    [Fact]
    public void Max_bytes_stops_after_the_page_that_crosses_it()
    {
        var cycle = Cycle(Options(maxBytes: 10));
        var step = cycle.Page(cycle.First!, "[1, 2, 3]", Link(Next2));
        Assert.NotNull(step.Next);
        step = cycle.Page(step.Next!, "[4, 5]", Link(Next3));
        Assert.Null(step.Next);
        Assert.Equal(Next3, step.Checkpoint["next_url"]);
    }

    [Fact]
    public void Empty_page_stops_and_stores_the_next_link_by_default()
    {
        var cycle = Cycle(Options());
        var step = cycle.Page(cycle.First!, "[]", Link(Next2));
        Assert.Null(step.Next);
        Assert.Equal(Next2, step.Checkpoint["next_url"]);
    }

    [Fact]
    public void Empty_page_continues_when_stop_on_empty_page_is_off()
    {
        var cycle = Cycle(Options(stopOnEmpty: false));
        var step = cycle.Page(cycle.First!, "[]", Link(Next2));
        Assert.Equal(Next2, step.Next!.Url.AbsoluteUri);
    }

    [Fact]
    public void Skipped_parse_error_is_not_an_empty_page()
    {
        var cycle = Cycle(Options());
        var step = cycle.OnPage(Pages.Response(cycle.First!, "oops", links: Link(Next2)), Pages.ParseFailure("oops"));
        Assert.Equal(Next2, step.Next!.Url.AbsoluteUri);
    }

    [Fact]
    public void Custom_rel_is_followed()
    {
        var options = Options() with { Pagination = new PaginationOptions { Strategy = PaginationStrategy.LinkHeader, Rel = "older" } };
        var cycle = Cycle(options);
        var step = cycle.Page(cycle.First!, "[1]", $"<{Next2}>; rel=\"next\", <{Next3}>; rel=\"older\"");
        Assert.Equal(Next3, step.Next!.Url.AbsoluteUri);
    }

    [Fact]
    public void Error_status_fails_the_cycle()
    {
        var cycle = Cycle(Options());
        Assert.Null(cycle.OnErrorStatus(Pages.Response(cycle.First!, "gone", status: 410)));
    }

    // A next link to the page just read would only serve its events again: following it wrote them up
    // to max_pages times per cycle.
    [Fact]
    public void A_next_link_to_the_page_just_read_ends_the_cycle_and_is_kept()
    {
        var cycle = Cycle(Options(stopOnEmpty: false), ("next_url", Next2));
        var step = cycle.Page(cycle.First!, "[1, 2]", Link(Next2));
        Assert.Null(step.Next);
        Assert.Equal(Next2, step.Checkpoint["next_url"]);
    }

    [Fact]
    public void An_empty_page_linking_to_itself_is_left_to_stop_on_empty_page()
    {
        var cycle = Cycle(Options(stopOnEmpty: false), ("next_url", Next2));
        Assert.NotNull(cycle.Page(cycle.First!, "[]", Link(Next2)).Next);
    }

    [Fact]
    public void A_relative_next_link_to_the_page_just_read_ends_the_cycle_too()
    {
        var cycle = Cycle(Options());
        var step = cycle.Page(cycle.First!, "[1]", Link(Next2));
        step = cycle.Page(step.Next!, "[2]", Link("/v1/logs?after=2"));
        Assert.Null(step.Next);
        Assert.Equal(Next2, step.Checkpoint["next_url"]);
    }

    // A page whose elements all lack response_event_object_path is not the end of the data.
    [Fact]
    public void A_page_whose_elements_all_lack_the_object_path_is_not_empty()
    {
        var cycle = Cycle(Options() with { EventObjectPath = "node" });
        const string body = """[{"other": 1}, {"other": 2}]""";
        var step = cycle.OnPage(Pages.Response(cycle.First!, body, links: Link(Next2)), Pages.Events(body, objectPath: "node"));
        Assert.Equal(Next2, step.Next!.Url.AbsoluteUri);
    }
}
