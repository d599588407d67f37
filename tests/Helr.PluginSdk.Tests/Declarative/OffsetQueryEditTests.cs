using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Declarative;

/// <summary>
/// An offset source whose query is edited while a traversal is under way: the stored offset counts items
/// of the old query's results, so the new query started that far into its own and never read the ones
/// before (a widened filter's events lost, as the watermark then moved past them).
/// </summary>
public class OffsetQueryEditTests
{
    private const string Url = "https://api.example.com/logs";

    private static DeclarativeOptions Options(params (string, string)[] query) => new()
    {
        Url = new Uri(Url),
        QueryParams = query.Select(q => new KeyValuePair<string, string>(q.Item1, q.Item2)).ToArray(),
        Pagination = new PaginationOptions
        {
            Strategy = PaginationStrategy.Offset, OffsetParam = "offset", LimitParam = "limit", Limit = 2, MaxPages = 1,
        },
        Watermark = new TrackedFieldOptions { StateKey = "watermark", EventPath = "ts", Param = "since" },
    };

    private const string FullPage = """[{"ts": "2024-01-02"}, {"ts": "2024-01-03"}]""";

    // The first cycle of a traversal under type=login, cut short by max_pages at offset 2.
    private static DictionaryState CutShort()
    {
        var stored = new Dictionary<string, string> { ["watermark"] = "2024-01-01" };
        var cycle = new PageNumberCycle(Options(("type", "login")), Pages.Context(new DictionaryState(stored.Select(kv => (kv.Key, kv.Value)).ToArray())));
        foreach (var (key, value) in cycle.Page(cycle.First!, FullPage).Checkpoint) stored[key] = value;
        Assert.Equal("2", stored["offset"]);
        return new DictionaryState(stored.Select(kv => (kv.Key, kv.Value)).ToArray());
    }

    [Fact]
    public void An_edited_query_param_starts_the_traversal_again_at_offset_0_with_it_and_clears_the_old_offset()
    {
        var state = CutShort();
        var log = new RecordingLogger();

        var cycle = new PageNumberCycle(Options(), Pages.Context(state, log));

        Assert.Equal(Url + "?since=2024-01-01&offset=0&limit=2", cycle.First!.Url.AbsoluteUri);
        Assert.Contains("changed since the stored offset was made", Assert.Single(log.Warnings));
        // Complete on its first page: the old offset and its fingerprint go, or every cycle would restart again.
        var done = cycle.Page(cycle.First!, """[{"ts": "2024-01-02"}]""").Checkpoint;
        Assert.Equal("", done["offset"]);
        Assert.Equal("", done["offset_query"]);
    }

    [Fact]
    public void The_same_query_resumes_the_offset()
    {
        var log = new RecordingLogger();
        var cycle = new PageNumberCycle(Options(("type", "login")), Pages.Context(CutShort(), log));

        Assert.Equal(Url + "?since=2024-01-01&type=login&offset=2&limit=2", cycle.First!.Url.AbsoluteUri);
        Assert.Empty(log.Warnings);
    }
}
