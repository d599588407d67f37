using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Tests.Declarative;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Paging;

/// <summary>The ids of the events at the watermark, stored with it so an inclusive filter's repeats are dropped.</summary>
public class WatermarkBoundaryTests
{
    private static readonly TrackedFieldOptions Options = new() { StateKey = "wm", EventPath = "t", Param = "since" };

    private static WatermarkTracker Tracker(params (string, string)[] state) => new(Options, new DictionaryState(state), "id");

    [Fact]
    public void Completing_stores_the_ids_of_every_event_at_the_new_maximum()
    {
        var tracker = Tracker();
        tracker.Observe(Pages.Events("""[{"id": "a", "t": 1}, {"id": "b", "t": 2}, {"id": "c", "t": 2}]"""));
        tracker.Observe(Pages.Events("""[{"id": "d", "t": 2}, {"id": "e", "t": 1}]"""));
        var state = new Dictionary<string, string>();
        tracker.AddCompleted(state);
        Assert.Equal(new Dictionary<string, string> { ["wm"] = "2", ["wm_ids"] = """["b","c","d"]""" }, state);
    }

    [Fact]
    public void A_larger_value_later_replaces_the_ids_gathered_so_far()
    {
        var tracker = Tracker();
        tracker.Observe(Pages.Events("""[{"id": "a", "t": 1}, {"id": "b", "t": 1}, {"id": "c", "t": 3}]"""));
        var state = new Dictionary<string, string>();
        tracker.AddCompleted(state);
        Assert.Equal("""["c"]""", state["wm_ids"]);
    }

    [Fact]
    public void Repeats_are_the_events_at_the_stored_value_with_a_stored_id_only()
    {
        var tracker = Tracker(("wm", "2"), ("wm_ids", """["b","c"]"""));
        var page = Pages.Events("""[{"id": "b", "t": 2}, {"id": "x", "t": 2}, {"id": "c", "t": 2}, {"id": "b", "t": 3}, {"t": 2}]""");
        // x arrived late at the boundary; b at 3 is another event with a reused id.
        Assert.Equal(new[] { 0, 2 }, tracker.Repeats(page));
    }

    [Fact]
    public void The_same_boundary_again_keeps_the_stored_ids_and_adds_the_late_ones()
    {
        var tracker = Tracker(("wm", "2"), ("wm_ids", """["b","c"]"""));
        tracker.Observe(Pages.Events("""[{"id": "c", "t": 2}, {"id": "x", "t": 2}]"""));
        var state = new Dictionary<string, string>();
        tracker.AddCompleted(state);
        Assert.Equal(new Dictionary<string, string> { ["wm_ids"] = """["b","c","x"]""" }, state);
    }

    [Fact]
    public void A_traversal_cut_short_carries_its_boundary_ids_to_the_next_cycle()
    {
        var first = Tracker(("wm", "1"));
        first.Observe(Pages.Events("""[{"id": "n", "t": 9}, {"id": "m", "t": 9}]"""));
        var pending = new Dictionary<string, string>();
        first.AddInProgress(pending);
        Assert.Equal("""["m","n"]""", pending["wm_pending_ids"]);

        var next = Tracker(("wm", "1"), ("wm_pending", "9"), ("wm_pending_ids", pending["wm_pending_ids"]));
        next.Observe(Pages.Events("""[{"id": "o", "t": 5}]"""));
        var done = new Dictionary<string, string>();
        next.AddCompleted(done);
        Assert.Equal(new Dictionary<string, string> { ["wm"] = "9", ["wm_ids"] = """["m","n"]""", ["wm_pending"] = "", ["wm_pending_ids"] = "" }, done);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not json")]
    public void Without_an_id_path_or_readable_ids_nothing_is_a_repeat(string? ids)
    {
        var noPath = new WatermarkTracker(Options, new DictionaryState(("wm", "2"), ("wm_ids", """["b"]""")));
        var page = Pages.Events("""[{"id": "b", "t": 2}]""");
        Assert.Empty(noPath.Repeats(page));
        var state = new Dictionary<string, string>();
        noPath.Observe(page);
        noPath.AddCompleted(state);
        Assert.Empty(state);
        var unreadable = ids is null ? Tracker(("wm", "2")) : Tracker(("wm", "2"), ("wm_ids", ids));
        Assert.Empty(unreadable.Repeats(page));
    }

    [Fact]
    public void A_declarative_cycle_drops_the_repeats_it_finds_and_writes_the_rest()
    {
        var options = CursorCycleTests.Options() with
        {
            Watermark = new TrackedFieldOptions { StateKey = "watermark", EventPath = "ts", Param = "since" },
        };
        var context = Pages.Context(new DictionaryState(("watermark", "5"), ("watermark_ids", """["a"]""")));
        var cycle = new CursorCycle(options, new CycleContext { SourceId = context.SourceId, State = context.State, Sender = context.Sender, Log = context.Log, EventIdPath = "id" });
        Assert.Contains("since=5", cycle.First!.Url.Query);
        var step = cycle.Page(cycle.First!, """{"data": [{"id": "a", "ts": 5}, {"id": "b", "ts": 5}, {"id": "c", "ts": 6}], "meta": {}}""");
        Assert.Equal(new[] { 0 }, step.Drop);
        Assert.Equal("6", step.Checkpoint["watermark"]);
        Assert.Equal("""["c"]""", step.Checkpoint["watermark_ids"]);
    }

    [Fact]
    public void With_a_filter_step_the_ids_of_the_whole_last_step_are_kept_and_recognised()
    {
        var options = Options with { FilterStep = 1000 };
        var tracker = new WatermarkTracker(options, new DictionaryState(), "id");
        tracker.Observe(Pages.Events("""[{"id": "x", "t": 4999}, {"id": "a", "t": 5100}, {"id": "b", "t": 5512}]"""));
        var state = new Dictionary<string, string>();
        tracker.AddCompleted(state);
        Assert.Equal(new Dictionary<string, string> { ["wm"] = "5512", ["wm_ids"] = """["a","b"]""" }, state);

        // The filter sends 5000: a and b come back, c arrived late in the same step, d is in the next one.
        var next = new WatermarkTracker(options, new DictionaryState(("wm", "5512"), ("wm_ids", state["wm_ids"])), "id");
        var page = Pages.Events("""[{"id": "a", "t": 5100}, {"id": "c", "t": 5300}, {"id": "b", "t": 5512}]""");
        Assert.Equal(new[] { 0, 2 }, next.Repeats(page));
        next.Observe(page);
        var again = new Dictionary<string, string>();
        next.AddCompleted(again);
        Assert.Equal(new Dictionary<string, string> { ["wm_ids"] = """["a","b","c"]""" }, again);
    }

    [Fact]
    public void With_a_filter_step_a_larger_value_in_the_same_step_adds_to_the_stored_ids()
    {
        var options = Options with { FilterStep = 1000 };
        var tracker = new WatermarkTracker(options, new DictionaryState(("wm", "5512"), ("wm_ids", """["a","b"]""")), "id");
        tracker.Observe(Pages.Events("""[{"id": "e", "t": 5900}]"""));
        var state = new Dictionary<string, string>();
        tracker.AddCompleted(state);
        Assert.Equal(new Dictionary<string, string> { ["wm"] = "5900", ["wm_ids"] = """["a","b","e"]""" }, state);
    }
}
