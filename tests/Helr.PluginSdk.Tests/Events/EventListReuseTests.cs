using System.Text;
using Helr.PluginSdk.Events;
using Xunit;

namespace Helr.PluginSdk.Tests.Events;

/// <summary>
/// A finished scan leaves its element list to the extractor's next scan, so a page's events are not
/// found by growing a new list every time. A reused list must never carry a page's events into another.
/// </summary>
public sealed class EventListReuseTests
{
    private static byte[] Page(string key, int events) =>
        Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, events).Select(i => $$"""{"{{key}}":{{i}}}""")) + "]");

    private static List<string> Texts(byte[] body, List<Range> events) => events.Select(r => Encoding.UTF8.GetString(body.AsSpan()[r])).ToList();

    private static List<string> Found(JsonEventExtractor extractor, byte[] body)
    {
        var events = new List<Range>();
        var scan = extractor.StartScan();
        scan.Advance(body.AsSpan(0, body.Length / 2));
        scan.Complete(body, events);
        return Texts(body, events);
    }

    [Fact]
    public void Pages_scanned_one_after_another_find_only_their_own_events()
    {
        var extractor = new JsonEventExtractor();
        var big = Page("a", 1000);
        var small = Page("b", 3);
        var wrapped = Encoding.UTF8.GetBytes("""{"items":[{"c":1},{"c":2}]}""");
        Assert.Equal(Found(new JsonEventExtractor(), big), Found(extractor, big));
        Assert.Equal(["{\"b\":0}", "{\"b\":1}", "{\"b\":2}"], Found(extractor, small));
        Assert.Throws<EventFormatException>(() => Found(extractor, Encoding.UTF8.GetBytes("""[{"x":1},""")));
        Assert.Equal(["{\"c\":1}", "{\"c\":2}"], Found(extractor, wrapped));
        Assert.Empty(Found(extractor, Encoding.UTF8.GetBytes("""{"items":[]}""")));
        Assert.Equal(Found(new JsonEventExtractor(), big), Found(extractor, big));
    }

    [Fact]
    public void Two_scans_at_once_keep_their_own_lists()
    {
        // A source reads the next page while the one before is still being completed.
        var extractor = new JsonEventExtractor();
        var first = Page("a", 50);
        var second = Page("b", 20);
        var scanFirst = extractor.StartScan();
        scanFirst.Advance(first.AsSpan(0, first.Length / 2));
        var secondEvents = new List<Range>();
        var scanSecond = extractor.StartScan();
        scanSecond.Advance(second.AsSpan(0, second.Length / 2));
        scanSecond.Complete(second, secondEvents);
        var firstEvents = new List<Range>();
        scanFirst.Complete(first, firstEvents);
        Assert.Equal(Found(new JsonEventExtractor(), first), Texts(first, firstEvents));
        Assert.Equal(Found(new JsonEventExtractor(), second), Texts(second, secondEvents));
    }

    [Fact]
    public void A_completed_scan_hands_out_no_more_events()
    {
        // Its list went back to the extractor and may already hold another page's events.
        var extractor = new JsonEventExtractor();
        var body = Page("a", 5);
        var scan = extractor.StartScan();
        scan.Complete(body, new List<Range>());
        Assert.Throws<InvalidOperationException>(() => scan.TakeFinal(new List<Range>()));
        Assert.Throws<InvalidOperationException>(() => scan.Complete(body, new List<Range>()));
    }

    [Fact]
    public void The_next_page_of_the_same_size_grows_no_list()
    {
        var extractor = new JsonEventExtractor();
        var body = Page("a", 1000);
        var events = new List<Range>(1000);
        extractor.StartScan().Complete(body, events);
        events.Clear();
        var before = GC.GetAllocatedBytesForCurrentThread();
        extractor.StartScan().Complete(body, events);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1000, events.Count);
        // Growing a list to 1,000 ranges allocates about 16 KB of arrays; the scan's own objects are far less.
        Assert.True(allocated < 8 * 1024, $"the second scan allocated {allocated} bytes");
    }
}
