using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Declarative;

public class PageNumberCycleTests
{
    private const string Url = "https://api.example.com/logs";

    private static DeclarativeOptions Options(string strategy = "page_offset", int maxPages = 100) => new()
    {
        Url = new Uri(Url),
        From = "2024-01-01",
        QueryParams = new[] { new KeyValuePair<string, string>("type", "audit") },
        Pagination = new PaginationOptions
        {
            Strategy = strategy, PageParam = "page", OffsetParam = "offset", LimitParam = "per_page", Limit = 2, MaxPages = maxPages,
        },
        MaxBytes = 1,
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
        Assert.Empty(step.Checkpoint);
    }

    [Fact]
    public void Offset_advances_by_the_limit()
    {
        var cycle = Cycle(Options("offset"));
        Assert.Equal(Url + "?since=2024-01-01&type=audit&offset=0&per_page=2", cycle.First!.Url.AbsoluteUri);
        var step = cycle.Page(cycle.First, "[1, 2]");
        Assert.Equal(Url + "?since=2024-01-01&type=audit&offset=2&per_page=2", step.Next!.Url.AbsoluteUri);
        step = cycle.Page(step.Next, "[3, 4]");
        Assert.Equal(Url + "?since=2024-01-01&type=audit&offset=4&per_page=2", step.Next!.Url.AbsoluteUri);
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("[]")]
    public void Short_page_is_the_last(string body)
    {
        var cycle = Cycle(Options());
        var step = cycle.Page(cycle.First!, body);
        Assert.Null(step.Next);
        Assert.Empty(step.Checkpoint);
    }

    [Fact]
    public void Max_pages_stops_on_a_full_page()
    {
        var cycle = Cycle(Options(maxPages: 2));
        var step = cycle.Page(cycle.First!, "[1, 2]");
        Assert.Null(cycle.Page(step.Next!, "[3, 4]").Next);
    }

    [Fact]
    public void Max_bytes_does_not_apply() =>
        Assert.NotNull(Cycle(Options()).Page(Cycle(Options()).First!, "[1, 2]").Next);

    [Fact]
    public void Skipped_parse_error_moves_to_the_next_page()
    {
        var cycle = Cycle(Options());
        var step = cycle.OnPage(Pages.Response(cycle.First!, "oops"), Pages.ParseFailure("oops"));
        Assert.EndsWith("page=2&per_page=2", step.Next!.Url.AbsoluteUri);
    }

    [Fact]
    public void Stored_watermark_replaces_from_on_every_page()
    {
        var options = Options() with { Watermark = new TrackedFieldOptions("watermark", "ts", "after") };
        var cycle = Cycle(options, ("watermark", "2024-06-01"));
        var step = cycle.Page(cycle.First!, "[1, 2]");
        Assert.Equal(Url + "?after=2024-06-01&type=audit&page=2&per_page=2", step.Next!.Url.AbsoluteUri);
    }

    [Fact]
    public void Every_cycle_starts_at_page_one_whatever_is_stored() =>
        Assert.EndsWith("page=1&per_page=2", Cycle(Options(), ("next_url", "https://x/"), ("cursor", "c")).First!.Url.AbsoluteUri);
}
