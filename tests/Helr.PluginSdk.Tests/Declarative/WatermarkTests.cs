using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Sources;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Declarative;

/// <summary>What a traversal stores for <c>state</c> (watermark) and <c>incremental_from</c>.</summary>
public class WatermarkTests
{
    private static DeclarativeOptions Options(string path = "published") => new()
    {
        Url = new Uri("https://api.example.com/logs"),
        Pagination = new PaginationOptions { Strategy = PaginationStrategy.LinkHeader },
        Watermark = new TrackedFieldOptions { StateKey = "watermark", EventPath = path, Param = "since" },
    };

    // Every page but the last has a next link, so the last completes the traversal; the checkpoints merge as the kernel stores them.
    private static Stored Run(DeclarativeOptions options, (string, string)[] state, params string[] pages)
    {
        var cycle = new LinkHeaderCycle(options, Pages.Context(new DictionaryState(state)));
        var stored = new Stored();
        for (var i = 0; i < pages.Length; i++)
        {
            var links = i < pages.Length - 1 ? new[] { "<https://api.example.com/logs?p=2>; rel=\"next\"" } : Array.Empty<string>();
            foreach (var (k, v) in cycle.Page(cycle.First!, pages[i], links).Checkpoint) stored.Values[k] = v;
        }
        foreach (var (k, v) in cycle.Finish()) stored.Values[k] = v;
        return stored;
    }

    private sealed class Stored
    {
        public Dictionary<string, string> Values { get; } = new();

        // The running maximum is bookkeeping of an unfinished traversal, cleared when it completes.
        public IReadOnlyDictionary<string, string> Finish() =>
            Values.Where(kv => kv.Key is not ("next_url" or "next_url_query") && !(kv.Key.EndsWith("_pending", StringComparison.Ordinal) && kv.Value == "")).ToDictionary();
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

    [Theory]
    [InlineData("2024-06-11T17:00:00Z", "1718125200", "is an RFC 3339 timestamp but the events' created is a number ('1718125200')")]
    [InlineData("1718125200", "\"2024-06-11T17:00:00Z\"", "is a number but the events' created is an RFC 3339 timestamp")]
    public void A_stored_value_of_another_kind_than_the_events_fails_the_cycle_instead_of_sticking(string stored, string value, string says)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Run(Options("created"), new[] { ("watermark", stored) }, $$"""[{"created": {{value}}}]"""));
        Assert.Contains($"the stored watermark '{stored}' {says}", error.Message);
        Assert.Contains("helr state set <source> watermark", error.Message);
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
        var options = Options() with { IncrementalFrom = new TrackedFieldOptions { StateKey = "inc_key", EventPath = "id", Param = "after_id" } };
        var state = Run(options, Array.Empty<(string, string)>(), """[{"published": "t1", "id": 7}, {"published": "t2", "id": 12}]""").Finish();
        Assert.Equal("t2", state["watermark"]);
        Assert.Equal("12", state["inc_key"]);
    }

    [Fact]
    public void Without_tracked_fields_stores_nothing() =>
        Assert.Empty(Run(Options() with { Watermark = null }, Array.Empty<(string, string)>(), """[{"published": "t"}]""").Finish());

    [Fact]
    public void A_traversal_cut_short_by_max_pages_stores_only_the_running_maximum()
    {
        var options = Options() with { Pagination = new PaginationOptions { Strategy = PaginationStrategy.LinkHeader, MaxPages = 1 } };
        var cycle = new LinkHeaderCycle(options, Pages.Context(new DictionaryState(("watermark", "2024-01-01T00:00:00Z"))));
        var step = cycle.Page(cycle.First!, """[{"published": "2024-03-01T00:00:00Z"}]""", "<https://api.example.com/logs?p=2>; rel=\"next\"");
        Assert.Null(step.Next);
        Assert.Equal("https://api.example.com/logs?p=2", step.Checkpoint["next_url"]);
        Assert.Equal("2024-03-01T00:00:00Z", step.Checkpoint["watermark_pending"]);
        Assert.False(step.Checkpoint.ContainsKey("watermark"));
    }

    [Fact]
    public void A_cursor_reset_interrupting_a_traversal_keeps_the_stored_watermark()
    {
        var options = CursorCycleTests.Options() with
        {
            ResetOnCursorError = true,
            Watermark = new TrackedFieldOptions { StateKey = "watermark", EventPath = "ts", Param = "since" },
        };
        var cycle = new CursorCycle(options, Pages.Context(new DictionaryState(("watermark", "5"))));
        var step = cycle.Page(cycle.First!, """{"data": [{"ts": 9}, {"ts": 8}], "meta": {"next": "c2"}}""");
        Assert.False(step.Checkpoint.ContainsKey("watermark"));
        var reset = cycle.OnErrorStatus(Pages.Response(step.Next!, "cursor expired", 400))!;
        Assert.Equal("", reset.Checkpoint["cursor"]);
        Assert.False(reset.Checkpoint.ContainsKey("watermark"));
        Assert.Equal("9", reset.Checkpoint["watermark_pending"]);
        // The cycle starts again from the old range start, not from 9; so does the next one.
        Assert.Contains("since=5", reset.Next!.Url.Query);
        var again = new CursorCycle(options, Pages.Context(new DictionaryState(("watermark", "5"), ("watermark_pending", "9"))));
        Assert.Contains("since=5", again.First!.Url.Query);
    }

    [Theory]
    [InlineData("10", "9", 1)]
    [InlineData("9", "10", -1)]
    [InlineData("1.5", "1.25", 1)]
    [InlineData("1e3", "999", 1)]
    [InlineData("2.0", "2", 0)]
    [InlineData("2024-01-02", "2024-01-01", 1)]
    [InlineData("b", "a", 1)]
    [InlineData("10", "a", -1)]
    [InlineData("2023-03-15T16:40:11.5Z", "2023-03-15T16:40:11Z", 1)]
    [InlineData("2023-03-15T16:40:11Z", "2023-03-15T16:40:11.000Z", 0)]
    [InlineData("2023-03-15T16:40:12-03:00", "2023-03-15T19:40:11Z", 1)]
    [InlineData("2023-03-15T16:40:11+00:00", "2023-03-15T16:40:11Z", 0)]
    [InlineData("2023-03-15T16:40:11Z", "2023-03-15 16:40:11Z", 1)]
    [InlineData("2023-03-15T16:40:11.120Z", "2023-03-15T16:40:11.119Z", 1)]
    [InlineData("2023-03-15T16:40:11.119Z", "2023-03-15T16:40:11.119Z", 0)]
    [InlineData("2023-03-15t16:40:11.000Z", "2023-03-15T16:40:11.000Z", 0)]
    [InlineData("2023-03-15T16:40:11.000z", "2023-03-15T16:40:11.001Z", -1)]
    [InlineData("2023-03-15T16:40:12+01:00", "2023-03-15T16:40:11+00:00", -1)]
    public void Compare_orders_numbers_numerically_timestamps_as_instants_and_text_ordinally(string a, string b, int sign) =>
        Assert.Equal(sign, Math.Sign(WatermarkTracker.Compare(a, b)));
}
