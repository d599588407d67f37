using System.Text;
using Helr.Kernel.Output;
using Prometheus;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>
/// The renderer records where each line of a page ends, so the output queue splits the page without
/// searching it for newlines; the recorded ends must say exactly what the newlines say.
/// </summary>
public sealed class PageLinesTests
{
    private static readonly Gauge Pending = Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()).CreateGauge("pending", "test", "source");

    private static void Line(PageLines page, string text, bool end = true)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes.CopyTo(page.GetSpan(bytes.Length));
        page.Advance(bytes.Length);
        if (end) page.EndLine();
    }

    [Fact]
    public void Recorded_ends_count_only_when_every_written_byte_is_in_a_recorded_line()
    {
        var page = new PageLines(16);
        Line(page, "{\"a\":1}\n");
        Line(page, "{\"b\":22}\n");
        Assert.Equal(new[] { 8, 17 }, page.LineEnds.ToArray());
        Line(page, "{\"c\":3}\n", end: false); // written by someone who does not record lines
        Assert.True(page.LineEnds.IsEmpty);
    }

    [Fact]
    public void Truncating_forgets_the_ends_past_the_cut()
    {
        var page = new PageLines(16);
        Line(page, "1\n");
        Line(page, "22\n");
        Line(page, "333\n");
        page.Truncate(5); // a line over max_line_bytes removed
        Assert.Equal(new[] { 2, 5 }, page.LineEnds.ToArray());
        Line(page, "4444\n");
        Assert.Equal(new[] { 2, 5, 10 }, page.LineEnds.ToArray());
        Assert.Equal("1\n22\n4444\n", Encoding.UTF8.GetString(page.WrittenSpan));
    }

    [Fact]
    public void Recorded_ends_split_a_page_as_its_newlines_do()
    {
        var page = new PageLines(16);
        var random = new Random(7);
        for (var i = 0; i < 300; i++) Line(page, new string('x', random.Next(0, 40)) + "\n");
        var recorded = new PageTicket("s", page.WrittenMemory, new PendingCount(Pending.WithLabels("s")), null, page.LineEnds);
        var searched = new PageTicket("s", page.WrittenMemory, new PendingCount(Pending.WithLabels("s")));
        Assert.Equal(300, recorded.CountLines());
        Assert.Equal(searched.CountLines(), recorded.CountLines());
        int pos = 0, a = 0, b = 0;
        while (pos < page.WrittenCount)
        {
            var length = recorded.LineLength(pos, ref a);
            Assert.Equal(searched.LineLength(pos, ref b), length);
            pos += length;
        }
        Assert.Equal(page.WrittenCount, pos);
    }

    [Theory]
    [InlineData(0L, 100_000)] // the hand-written queue, the page fits its byte budget at once
    [InlineData(10L, 100_000)] // the same, admitted line by line under a budget smaller than the page
    [InlineData(0L, 2)] // a bounded Channel (a line limit only)
    public async Task A_page_with_recorded_ends_is_written_whole_and_in_order(long queueBytes, int queueLines)
    {
        var stream = new MemoryStream();
        var limits = queueLines < 100_000 || queueBytes > 0
            ? new OutputLimits { BackpressureEnabled = true, QueueBytes = queueBytes, EventQueueSize = queueLines }
            : new OutputLimits();
        await using var writer = new OutputWriter(new StreamSink(stream, "test"), limits, null, TimeProvider.System, Logger.None);
        var page = new PageLines(16);
        Line(page, "{\"a\":1}\n");
        Line(page, "{\"b\":2}\n");
        Line(page, "{\"c\":3}\n");
        var receipt = await writer.SubmitAsync("s", page, CancellationToken.None);
        Assert.Equal(PageAck.Written, await receipt.Acknowledged);
        Assert.Equal("{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n", Encoding.UTF8.GetString(stream.ToArray()));
    }
}
