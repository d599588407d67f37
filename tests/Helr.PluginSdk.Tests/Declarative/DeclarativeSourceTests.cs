using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Declarative;

public class DeclarativeSourceTests
{
    private static DeclarativeOptions With(PaginationStrategy? strategy) => new()
    {
        Url = new Uri("https://api.example.com/logs"),
        Pagination = strategy is null ? null : new PaginationOptions
        {
            Strategy = strategy.Value, CursorParam = "c", CursorPath = "next", PageParam = "p", OffsetParam = "o", LimitParam = "l", Limit = 10,
        },
        EventsPath = "result",
    };

    [Theory]
    [InlineData(PaginationStrategy.LinkHeader, typeof(LinkHeaderCycle))]
    [InlineData(PaginationStrategy.Cursor, typeof(CursorCycle))]
    [InlineData(PaginationStrategy.PageOffset, typeof(PageNumberCycle))]
    [InlineData(PaginationStrategy.Offset, typeof(PageNumberCycle))]
    [InlineData(null, typeof(SinglePageCycle))]
    public void Begins_the_cycle_of_its_strategy(PaginationStrategy? strategy, Type expected) =>
        Assert.IsType(expected, new DeclarativeSource(With(strategy), null).BeginCycle(Pages.Context()));

    [Fact]
    public void Extractor_uses_the_events_path()
    {
        var source = new DeclarativeSource(With(null), null);
        var ranges = new List<Range>();
        source.Extractor.Extract("""{"items": [1], "result": [2, 3]}"""u8, ranges);
        Assert.Equal(2, ranges.Count);
        Assert.Same(Helr.PluginSdk.Sources.SourceDefaults.None, source.Defaults);
        Assert.Null(source.Authenticator);
    }

    [Fact]
    public void Credentials_may_go_to_the_origin_of_the_url_only() =>
        Assert.Equal("https://api.example.com/", Assert.Single(new DeclarativeSource(With(null) with { Url = new Uri("https://api.example.com:443/v1/logs?x=1") }, null).CredentialOrigins).AbsoluteUri);
}
