using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Declarative;

/// <summary>The range-start parameter of a cycle's first request: watermark, else incremental value, else <c>from</c>.</summary>
public class FirstRequestTests
{
    private const string Url = "https://api.example.com/logs";

    private static readonly DeclarativeOptions Base = new()
    {
        Url = new Uri(Url),
        From = "2024-01-01",
        Watermark = new TrackedFieldOptions { StateKey = "watermark", EventPath = "published", Param = "since_wm" },
        IncrementalFrom = new TrackedFieldOptions { StateKey = "inc", EventPath = "published", Param = "since_inc" },
    };

    private static string First(DeclarativeOptions options, params (string, string)[] state) =>
        new SinglePageCycle(options, Pages.Context(new DictionaryState(state))).First!.Url.AbsoluteUri;

    [Fact]
    public void Stored_watermark_wins() =>
        Assert.Equal(Url + "?since_wm=w1", First(Base, ("watermark", "w1"), ("inc", "i1")));

    [Fact]
    public void Stored_incremental_value_comes_next() =>
        Assert.Equal(Url + "?since_inc=i1", First(Base, ("watermark", ""), ("inc", "i1")));

    [Fact]
    public void From_is_used_when_nothing_is_stored() =>
        Assert.Equal(Url + "?since=2024-01-01", First(Base));

    [Fact]
    public void Nothing_when_nothing_is_stored_and_no_from() =>
        Assert.Equal(Url, First(Base with { From = null }));

    [Fact]
    public void From_param_names_the_parameter() =>
        Assert.Equal(Url + "?startTime=2024-01-01", First(new DeclarativeOptions { Url = new Uri(Url), From = "2024-01-01", FromParam = "startTime" }));

    [Fact]
    public void Range_start_goes_before_query_params()
    {
        var options = Base with { QueryParams = new[] { new KeyValuePair<string, string>("limit", "10") } };
        Assert.Equal(Url + "?since_wm=2024-05-01T00%3A00%3A00Z&limit=10", First(options, ("watermark", "2024-05-01T00:00:00Z")));
    }

    // Sent twice (since=<watermark>&since=2024-01-01), an API taking the last value read from the old
    // date every cycle (repeats), one taking the first from a configured date past the watermark
    // (skips). Helr's own range start wins; the entry counts only when Helr sends none.
    [Fact]
    public void A_query_param_named_like_the_range_start_is_not_sent_beside_it()
    {
        var options = Base with { QueryParams = new KeyValuePair<string, string>[] { new("since_wm", "2020-01-01"), new("since", "2020-01-01"), new("type", "a") } };
        Assert.Equal(Url + "?since_wm=w1&since=2020-01-01&type=a", First(options, ("watermark", "w1")));
        Assert.Equal(Url + "?since=2024-01-01&since_wm=2020-01-01&type=a", First(options));
        Assert.Equal(Url + "?since_wm=2020-01-01&since=2020-01-01&type=a", First(options with { From = null }));
    }
}
