using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Paging;

/// <summary>The parts a custom cycle composes: page limits and the watermark tracker, on their own.</summary>
public class CyclePartsTests
{
    private static readonly Http.PageRequest Request = Http.PageRequest.Get(new Uri("https://api.example.com/logs"));

    private static PageStopReason Count(PageLimits limits, string body) =>
        limits.Count(Pages.Response(Request, body), Pages.Events(body));

    [Fact]
    public void Page_limits_stop_on_an_empty_page_before_counting_it_against_max_pages()
    {
        var limits = new PageLimits(maxPages: 2);
        Assert.Equal(PageStopReason.None, Count(limits, "[1]"));
        Assert.Equal(PageStopReason.EmptyPage, Count(limits, "[]"));
        Assert.Equal(2, limits.Pages);
    }

    [Fact]
    public void Page_limits_report_max_pages_and_max_bytes()
    {
        Assert.Equal(PageStopReason.MaxPages, Count(new PageLimits(maxPages: 1), "[1]"));
        var bytes = new PageLimits(maxPages: 10, maxBytes: 4);
        Assert.Equal(PageStopReason.None, Count(bytes, "[1]"));
        Assert.Equal(PageStopReason.MaxBytes, Count(bytes, "[2]"));
        Assert.Equal(6, bytes.Bytes);
    }

    [Fact]
    public void Empty_pages_go_on_when_the_source_says_so() =>
        Assert.Equal(PageStopReason.None, Count(new PageLimits(maxPages: 5, stopOnEmptyPage: false), "[]"));

    [Fact]
    public void Watermark_completed_in_one_cycle_writes_no_pending_key()
    {
        var tracker = new WatermarkTracker(new TrackedFieldOptions { StateKey = "wm", EventPath = "t", Param = "since" }, new DictionaryState(("wm", "3")));
        tracker.Observe(Pages.Events("""[{"t": 5}, {"t": 4}]"""));
        var state = new Dictionary<string, string>();
        tracker.AddCompleted(state);
        Assert.Equal(new Dictionary<string, string> { ["wm"] = "5" }, state);
    }

    [Fact]
    public void Watermark_resumes_its_running_maximum_and_clears_it_on_completion()
    {
        var options = new TrackedFieldOptions { StateKey = "wm", EventPath = "t", Param = "since" };
        var tracker = new WatermarkTracker(options, new DictionaryState(("wm", "3"), ("wm_pending", "9")));
        Assert.Equal("3", tracker.Stored); // the range start stays until the traversal completes
        tracker.Observe(Pages.Events("""[{"t": 4}]"""));
        var state = new Dictionary<string, string>();
        tracker.AddCompleted(state);
        Assert.Equal("9", state["wm"]);
        Assert.Equal("", state["wm_pending"]);
    }
}
