using System.Text;
using Helr.PluginSdk.Events;
using Xunit;

namespace Helr.PluginSdk.Tests.Events;

/// <summary>
/// A scan borrows its token buffer (16 KB) and gives it back however it ends, so scanning page after
/// page does not allocate one per page. That the reused buffer reads every body right is what the
/// differential tests check: they run thousands of scans in a row on one thread.
/// </summary>
public sealed class TokenBufferReuseTests
{
    private static readonly byte[] Valid = Encoding.UTF8.GetBytes("""{"items":[{"a":1},{"a":"two"}]}""");
    private static readonly byte[] BadWhileArriving = Encoding.UTF8.GetBytes("[1,x" + new string(' ', 200));
    private static readonly byte[] Truncated = Encoding.UTF8.GetBytes("""[{"a":1},""");

    [Fact]
    public void Scans_that_completed_or_failed_give_their_buffer_to_the_next()
    {
        var extractor = new JsonEventExtractor();
        ScanEach(extractor); // the first round rents the buffer and compiles the paths measured
        var before = GC.GetAllocatedBytesForCurrentThread();
        ScanEach(extractor);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // One buffer not given back makes the next scan allocate a new one, at least 16 KB.
        Assert.True(allocated < 16 * 1024, $"three scans allocated {allocated} bytes");
    }

    private static void ScanEach(JsonEventExtractor extractor)
    {
        var failedWhileArriving = extractor.StartScan();
        failedWhileArriving.Advance(BadWhileArriving);
        Assert.Throws<EventFormatException>(() => failedWhileArriving.Complete(BadWhileArriving, new List<Range>()));

        var failedAtTheEnd = extractor.StartScan();
        failedAtTheEnd.Advance(Truncated);
        Assert.Throws<EventFormatException>(() => failedAtTheEnd.Complete(Truncated, new List<Range>()));

        var events = new List<Range>();
        extractor.StartScan().Complete(Valid, events);
        Assert.Equal(2, events.Count);
    }
}
