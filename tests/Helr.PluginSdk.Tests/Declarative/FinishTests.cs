using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Sources;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Declarative;

/// <summary>What <see cref="IPollCycle.Finish"/> stores for <c>state</c> (watermark) and <c>incremental_from</c>.</summary>
public class FinishTests
{
    private static DeclarativeOptions Options(string path = "published") => new()
    {
        Url = new Uri("https://api.example.com/logs"),
        Pagination = new PaginationOptions { Strategy = "link_header" },
        Watermark = new TrackedFieldOptions("watermark", path, "since"),
    };

    private static IPollCycle Run(DeclarativeOptions options, (string, string)[] state, params string[] pages)
    {
        var cycle = new LinkHeaderCycle(options, Pages.Context(new DictionaryState(state)));
        foreach (var page in pages) cycle.Page(cycle.First!, page, "<https://api.example.com/logs?p=2>; rel=\"next\"");
        return cycle;
    }

    [Fact]
    public void Stores_the_largest_value_seen_across_pages()
    {
        var cycle = Run(Options(), Array.Empty<(string, string)>(),
            """[{"published": "2024-01-02T00:00:00Z"}, {"published": "2024-01-03T00:00:00Z"}]""",
            """[{"published": "2024-01-01T00:00:00Z"}, {"other": 1}, {"published": ""}]""");
        Assert.Equal("2024-01-03T00:00:00Z", cycle.Finish()["watermark"]);
    }

    [Fact]
    public void Compares_numbers_as_numbers()
    {
        var cycle = Run(Options("seq"), new[] { ("watermark", "9") }, """[{"seq": 8}, {"seq": 10}, {"seq": 9.5}]""");
        Assert.Equal("10", cycle.Finish()["watermark"]);
    }

    [Fact]
    public void Numeric_strings_compare_as_numbers_too()
    {
        var cycle = Run(Options("seq"), Array.Empty<(string, string)>(), """[{"seq": "100"}, {"seq": "99"}]""");
        Assert.Equal("100", cycle.Finish()["watermark"]);
    }

    [Fact]
    public void Does_not_move_a_stored_value_backwards()
    {
        var cycle = Run(Options(), new[] { ("watermark", "2024-02-01T00:00:00Z") }, """[{"published": "2024-01-01T00:00:00Z"}]""");
        Assert.Empty(cycle.Finish());
    }

    [Fact]
    public void Stores_nothing_when_no_event_has_the_field()
    {
        var cycle = Run(Options(), Array.Empty<(string, string)>(), """[{"x": 1}, {"published": null}, {"published": true}, {"published": {"a": 1}}]""", "[]");
        Assert.Empty(cycle.Finish());
    }

    [Fact]
    public void Reads_nested_paths()
    {
        var cycle = Run(Options("meta.ts"), Array.Empty<(string, string)>(), """[{"meta": {"ts": "b"}}, {"meta": {"ts": "a"}}]""");
        Assert.Equal("b", cycle.Finish()["watermark"]);
    }

    [Fact]
    public void Stores_watermark_and_incremental_value_under_their_keys()
    {
        var options = Options() with { IncrementalFrom = new TrackedFieldOptions("inc_key", "id", "after_id") };
        var cycle = Run(options, Array.Empty<(string, string)>(), """[{"published": "t1", "id": 7}, {"published": "t2", "id": 12}]""");
        var state = cycle.Finish();
        Assert.Equal("t2", state["watermark"]);
        Assert.Equal("12", state["inc_key"]);
    }

    [Fact]
    public void Without_tracked_fields_stores_nothing() =>
        Assert.Empty(Run(Options() with { Watermark = null }, Array.Empty<(string, string)>(), """[{"published": "t"}]""").Finish());

    [Theory]
    [InlineData("10", "9", 1)]
    [InlineData("9", "10", -1)]
    [InlineData("1.5", "1.25", 1)]
    [InlineData("1e3", "999", 1)]
    [InlineData("2.0", "2", 0)]
    [InlineData("2024-01-02", "2024-01-01", 1)]
    [InlineData("b", "a", 1)]
    [InlineData("10", "a", -1)]
    public void Compare_orders_numbers_numerically_and_text_ordinally(string a, string b, int sign) =>
        Assert.Equal(sign, Math.Sign(FieldTracker.Compare(a, b)));
}
